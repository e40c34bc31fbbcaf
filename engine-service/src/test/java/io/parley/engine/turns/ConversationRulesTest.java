package io.parley.engine.turns;

import static io.parley.engine.testing.EngineHarness.say;
import static io.parley.engine.testing.EngineHarness.start;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.parley.avro.BotDefinition;
import io.parley.avro.BotReply;
import io.parley.avro.Channel;
import io.parley.avro.Command;
import io.parley.avro.CommandRejected;
import io.parley.avro.ConversationEvent;
import io.parley.avro.ExpireSession;
import io.parley.avro.IntentRecognised;
import io.parley.avro.ReplyStatus;
import io.parley.avro.SessionExpired;
import io.parley.avro.TurnRepeated;
import io.parley.avro.UserSaid;
import io.parley.engine.testing.EngineHarness;
import io.parley.engine.testing.TestBots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Templates, built-in variables, intents, expiry and retries: the rules of a conversation. */
class ConversationRulesTest {

    /** A Friday, 11:15 in Paris: open. */
    private static final Instant FRIDAY_MORNING = Instant.parse("2026-03-06T10:15:30Z");
    /** A Saturday, 15:00 in Paris: closed. */
    private static final Instant SATURDAY_AFTERNOON = Instant.parse("2026-03-07T14:00:00Z");

    private final BotDefinition bot = TestBots.french();
    private EngineHarness engine;

    @BeforeEach
    void publishBot() {
        engine = new EngineHarness(FRIDAY_MORNING);
        engine.publish(bot);
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @Test
    void messagesAreRenderedWithTheBotsVariablesAndTheBuiltInsAtTheCommandsTimeInTheBotsLanguage() {
        BotReply friday = turn("s1", start(), FRIDAY_MORNING);
        assertThat(friday.getMessages().get(0).getContent()).isEqualTo("Bonjour, ici Acme ! Nous sommes vendredi, il est 11:15.");
        assertThat(friday.getVariables()).containsEntry("jour", "vendredi").containsEntry("heure", "11:15")
                .containsEntry("horaire", "horairein");

        BotReply saturday = turn("s2", start(), SATURDAY_AFTERNOON);
        assertThat(saturday.getVariables()).containsEntry("jour", "samedi").containsEntry("heure", "15:00")
                .containsEntry("horaire", "horaireout");
    }

    @Test
    void anIntentLearnedFromPhrasesTakesItsTransitionAndTemplatesShowTheBusinessHoursFlag() {
        turn("s1", start(), SATURDAY_AFTERNOON);
        engine.events.readValuesToList();

        BotReply reply = turn("s1", say("vous êtes ouverts à quelle heure ?", "accueil"), SATURDAY_AFTERNOON);

        assertThat(reply.getMessages().get(0).getContent()).isEqualTo("Nous sommes fermés.");
        List<ConversationEvent> events = engine.events.readValuesToList();
        IntentRecognised recognised = (IntentRecognised) events.get(1).getPayload();
        assertThat(recognised.getIntent()).isEqualTo("horaires");
        assertThat(recognised.getConfidence()).isGreaterThanOrEqualTo(bot.getIntentThreshold());
        assertThat(recognised.getRanking()).extracting(score -> score.getIntent()).containsExactly("horaires", "contact");
    }

    @Test
    void belowTheBotsThresholdNoIntentIsTakenAndTheTurnFallsBack() {
        turn("s1", start(), FRIDAY_MORNING);
        engine.events.readValuesToList();

        BotReply reply = turn("s1", say("zzz", "accueil"), FRIDAY_MORNING);

        IntentRecognised recognised = (IntentRecognised) engine.events.readValuesToList().get(1).getPayload();
        assertThat(recognised.getIntent()).isNull();
        assertThat(recognised.getConfidence()).isLessThan(bot.getIntentThreshold());
        assertThat(reply.getTracking()).isEqualTo("accueil");
    }

    @Test
    void whatTheUserTypedIsSubstitutedButNeverEvaluated() {
        turn("s1", start(), FRIDAY_MORNING);
        BotReply reply = turn("s1", say("echo {{jour}} {{#horairein}}x{{/horairein}}", "accueil"), FRIDAY_MORNING);
        assertThat(reply.getMessages().get(0).getContent()).isEqualTo("Vous avez dit : echo {{jour}} {{#horairein}}x{{/horairein}}");
    }

    @Test
    void aMissingVariableIsRenderedEmptyAndReportedInTheErrorVariable() {
        turn("s1", start(), FRIDAY_MORNING);
        BotReply reply = turn("s1", say("trou", "accueil"), FRIDAY_MORNING);
        assertThat(reply.getStatus()).isEqualTo(ReplyStatus.OK);
        assertThat(reply.getMessages().get(0).getContent()).isEqualTo("Valeur : .");
        assertThat(reply.getVariables().get("error")).contains("inconnue").contains("trou");
    }

    @Test
    void anIdleSessionIsExpiredThroughAnExpiryCommandInTheLogAndItsStateIsCleared() {
        turn("s1", start(), FRIDAY_MORNING);
        engine.events.readValuesToList();

        engine.driver.advanceWallClockTime(Duration.ofSeconds(65));

        Command proposal = engine.loggedCommands.readValue();
        assertThat(proposal.getPayload()).isInstanceOf(ExpireSession.class);
        assertThat(proposal.getSessionId()).isEqualTo("s1");
        // The scan writes the proposal to the commands topic; the engine decides when it reads it back.
        engine.commands.pipeInput(proposal.getSessionId(), proposal, proposal.getIssuedAt());
        assertThat(engine.events.readValuesToList()).extracting(ConversationEvent::getPayload)
                .singleElement().isInstanceOf(SessionExpired.class);
        assertThat(engine.sessions.get("s1")).isNull();

        BotReply late = turn("s1", say("bonjour", "accueil"), FRIDAY_MORNING.plusSeconds(70));
        assertThat(late.getStatus()).isEqualTo(ReplyStatus.SESSION_NOT_FOUND);
        assertThat(late.getError()).contains("start a new conversation");
    }

    @Test
    void eachExpiryScanReadsASliceOfTheStoreAndTheNextGoesOnFromThereSoEveryIdleSessionIsProposedOnce() {
        try (EngineHarness small = new EngineHarness(FRIDAY_MORNING, 2)) {
            small.publish(bot);
            for (int i = 1; i <= 5; i++) {
                small.send(bot, "s" + i, start(), Channel.WEB, FRIDAY_MORNING);
            }
            List<String> proposed = new ArrayList<>();
            List<Integer> perScan = new ArrayList<>();
            for (int scan = 0; scan < 4; scan++) {
                small.driver.advanceWallClockTime(Duration.ofSeconds(65));
                List<String> these = small.loggedCommands.readValuesToList().stream()
                        .filter(command -> command.getPayload() instanceof ExpireSession)
                        .map(Command::getSessionId).toList();
                perScan.add(these.size());
                proposed.addAll(these);
            }
            // Two a scan, from where the last one stopped; the fourth starts over and finds all proposed already.
            assertThat(perScan).containsExactly(2, 2, 1, 0);
            assertThat(proposed).containsExactlyInAnyOrder("s1", "s2", "s3", "s4", "s5");
        }
    }

    @Test
    void anExpiryProposalIsVoidWhenTheUserCameBackInTheMeantime() {
        turn("s1", start(), FRIDAY_MORNING);
        turn("s1", say("bonjour", "accueil"), FRIDAY_MORNING.plusSeconds(50));
        engine.events.readValuesToList();

        // A proposal made from the first activity, read after the user came back at +50 s.
        Command stale = Command.newBuilder()
                .setCommandId("expire/s1/old")
                .setSessionId("s1")
                .setCompany(bot.getCompany())
                .setBotId(bot.getBotId())
                .setChannel(Channel.WEB)
                .setIssuedAt(FRIDAY_MORNING.plusSeconds(65))
                .setPayload(new ExpireSession(FRIDAY_MORNING))
                .build();
        engine.commands.pipeInput("s1", stale, stale.getIssuedAt());

        assertThat(engine.events.readValuesToList()).isEmpty();
        assertThat(engine.replies.isEmpty()).as("nobody waits for an expiry").isTrue();
        assertThat(engine.sessions.get("s1")).isNotNull();
    }

    @Test
    void aTurnAfterTheTimeoutFindsTheSessionExpiredEvenBeforeTheScanRan() {
        turn("s1", start(), FRIDAY_MORNING);
        engine.events.readValuesToList();

        BotReply reply = turn("s1", say("bonjour", "accueil"), FRIDAY_MORNING.plusSeconds(61));

        assertThat(reply.getStatus()).isEqualTo(ReplyStatus.SESSION_NOT_FOUND);
        assertThat(reply.getError()).contains("expired after 60 s");
        assertThat(engine.events.readValuesToList()).extracting(ConversationEvent::getPayload)
                .singleElement().isInstanceOf(SessionExpired.class);
        assertThat(engine.sessions.get("s1")).isNull();
    }

    @Test
    void aRetriedTurnWithItsStaleTrackingGetsTheSameAnswerAndDoesNotMoveTheSession() {
        turn("s1", start(), FRIDAY_MORNING);
        BotReply first = turn("s1", say("je veux parler à un conseiller", "accueil"), FRIDAY_MORNING);
        assertThat(first.getTracking()).isEqualTo("contact");
        engine.events.readValuesToList();

        // The client timed out and sends the same turn again, still with the tracking it had.
        BotReply retry = turn("s1", say("je veux parler à un conseiller", "accueil"), FRIDAY_MORNING.plusSeconds(5));

        assertThat(retry.getStatus()).isEqualTo(ReplyStatus.OK);
        assertThat(retry.getMessages()).isEqualTo(first.getMessages());
        assertThat(retry.getTracking()).isEqualTo("contact");
        assertThat(engine.events.readValuesToList()).extracting(ConversationEvent::getPayload)
                .singleElement().isInstanceOf(TurnRepeated.class);
        assertThat(engine.sessions.get("s1").getTurns()).isEqualTo(1);
    }

    @Test
    void aStaleTrackingWithNewTextIsAnsweredFromWhereTheSessionIs() {
        turn("s1", start(), FRIDAY_MORNING);
        turn("s1", say("echo un", "accueil"), FRIDAY_MORNING);
        engine.events.readValuesToList();

        BotReply reply = turn("s1", say("echo deux", "some-old-block"), FRIDAY_MORNING);

        assertThat(reply.getMessages()).as(reply.toString()).isNotEmpty();
        assertThat(reply.getMessages().get(0).getContent()).isEqualTo("Vous avez dit : echo deux");
        assertThat(engine.events.readValuesToList().get(0).getPayload()).isInstanceOf(UserSaid.class);
    }

    @Test
    void aConversationThatReachedItsEndRefusesFurtherTurns() {
        turn("s1", start(), FRIDAY_MORNING);
        BotReply end = turn("s1", say("je veux parler à un conseiller", "accueil"), FRIDAY_MORNING);
        assertThat(end.getEnded()).isTrue();
        engine.events.readValuesToList();

        BotReply after = turn("s1", say("allo ?", "contact"), FRIDAY_MORNING);

        assertThat(after.getStatus()).isEqualTo(ReplyStatus.SESSION_NOT_FOUND);
        assertThat(after.getError()).contains("has ended");
        assertThat(engine.events.readValue().getPayload()).isInstanceOf(CommandRejected.class);
    }

    private BotReply turn(String sessionId, Object payload, Instant at) {
        engine.send(bot, sessionId, payload, Channel.WEB, at);
        List<BotReply> replies = engine.replies.readValuesToList();
        assertThat(replies).hasSize(1);
        return replies.get(0);
    }
}
