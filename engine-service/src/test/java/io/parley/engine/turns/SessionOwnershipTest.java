package io.parley.engine.turns;

import static io.parley.engine.testing.EngineHarness.say;
import static io.parley.engine.testing.EngineHarness.start;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.parley.avro.BotDefinition;
import io.parley.avro.BotReply;
import io.parley.avro.Channel;
import io.parley.avro.Command;
import io.parley.avro.CommandRejected;
import io.parley.avro.ConversationEvent;
import io.parley.avro.ReplyAddress;
import io.parley.avro.ReplyStatus;
import io.parley.avro.SessionState;
import io.parley.avro.StartConversation;
import io.parley.avro.TurnRepeated;
import io.parley.avro.UserMessage;
import io.parley.engine.testing.EngineHarness;
import io.parley.engine.testing.TestBots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A session belongs to its bot and to the door it was opened through; no other may drive it. */
class SessionOwnershipTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    private final BotDefinition demo = TestBots.demo();
    private final BotDefinition french = TestBots.french();
    private EngineHarness engine;

    @BeforeEach
    void publishBots() {
        engine = new EngineHarness(T0);
        engine.publish(demo);
        engine.publish(french);
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @Test
    void anotherBotsCommandIsAnsweredAsForAnUnknownSessionAndMovesNothing() {
        engine.send(french, "s1", start(), Channel.WEB, T0);
        SessionState before = engine.sessions.get("s1");
        engine.replies.readValuesToList();
        engine.events.readValuesToList();

        engine.send(demo, "s1", say("What is the PRICE?", "accueil"), Channel.WEB, T0.plusSeconds(1));
        engine.send(demo, "s1", start(), Channel.WEB, T0.plusSeconds(2));

        List<BotReply> replies = engine.replies.readValuesToList();
        assertThat(replies).extracting(BotReply::getStatus).containsExactly(ReplyStatus.SESSION_NOT_FOUND, ReplyStatus.SESSION_NOT_FOUND);
        assertThat(replies.get(0).getError()).contains("unknown");
        assertThat(engine.events.readValuesToList()).extracting(ConversationEvent::getPayload)
                .allSatisfy(payload -> assertThat(payload).isInstanceOf(CommandRejected.class));
        assertThat(engine.sessions.get("s1")).isEqualTo(before);
    }

    @Test
    void aSessionOpenedOnTheWebIsNotDrivenThroughTheTelephonyDoorNorAnotherDialect() {
        engine.send(demo, "s1", start(), Channel.WEB, T0);
        engine.replies.readValuesToList();

        engine.send(demo, "s1", say("pricing", "welcome"), Channel.TELEPHONY, T0.plusSeconds(1));
        engine.send(demo, "s1", say("pricing", "welcome"), Channel.API, T0.plusSeconds(2));
        engine.send(demo, "s1", UserMessage.newBuilder(say("pricing", "welcome")).setStartIfMissing(true).build(),
                Channel.MESSENGER, T0.plusSeconds(3));

        assertThat(engine.replies.readValuesToList()).extracting(BotReply::getStatus)
                .containsOnly(ReplyStatus.SESSION_NOT_FOUND).hasSize(3);
        assertThat(engine.sessions.get("s1").getBlockId()).isEqualTo("welcome");

        engine.send(demo, "s1", say("pricing", "welcome"), Channel.WEB, T0.plusSeconds(4));
        assertThat(engine.replies.readValuesToList()).extracting(BotReply::getStatus).containsExactly(ReplyStatus.OK);
    }

    @Test
    void whereACallsAnswersGoIsSetWhenItStartsAndNeverByALaterTurn() {
        engine.send(demo, "s1", StartConversation.newBuilder().setContext(Map.of("callbackUrl", "https://pbx.example/calls/1")).build(),
                Channel.TELEPHONY, T0);
        engine.send(demo, "s1", UserMessage.newBuilder(say("pricing", "welcome"))
                .setContext(Map.of("callbackUrl", "https://attacker.example/", "currentUrl", "https://shop.example/")).build(),
                Channel.TELEPHONY, T0.plusSeconds(1));

        assertThat(engine.sessions.get("s1").getContext())
                .containsEntry("callbackUrl", "https://pbx.example/calls/1")
                .containsEntry("currentUrl", "https://shop.example/");
        assertThat(engine.replies.readValuesToList()).extracting(BotReply::getCallbackUrl).containsOnly("https://pbx.example/calls/1");
    }

    @Test
    void aCommandDeliveredAgainIsNeverAppliedTwice() {
        engine.send(demo, "s1", start(), Channel.WEB, T0);
        Command turn = Command.newBuilder(engine.send(demo, "s1", say("pricing", "welcome"), Channel.WEB, T0.plusSeconds(1)))
                .build();
        SessionState after = engine.sessions.get("s1");
        List<BotReply> first = engine.replies.readValuesToList();
        engine.events.readValuesToList();

        // The same command again, with nobody waiting (a Messenger redelivery, a service restarted after writing it).
        engine.commands.pipeInput("s1", turn, T0.plusSeconds(2));
        assertThat(engine.replies.readValuesToList()).as("the answer went out once").isEmpty();
        assertThat(engine.events.readValuesToList()).extracting(ConversationEvent::getPayload)
                .singleElement().isInstanceOf(TurnRepeated.class);
        assertThat(engine.sessions.get("s1")).isEqualTo(after);

        // Again, with a caller waiting for it (an edge retrying after a timeout): the answer it got then.
        ReplyAddress waiting = new ReplyAddress("ingest-2", "request-9");
        engine.commands.pipeInput("s1", Command.newBuilder(turn).setReplyTo(waiting).build(), T0.plusSeconds(3));
        List<BotReply> again = engine.replies.readValuesToList();
        assertThat(again).singleElement().satisfies(reply -> {
            assertThat(reply.getReplyTo()).isEqualTo(waiting);
            assertThat(reply.getMessages()).isEqualTo(first.get(first.size() - 1).getMessages());
        });
        assertThat(engine.sessions.get("s1")).isEqualTo(after);
    }

    @Test
    void onlyTheLatestCommandsAreRemembered() {
        engine.send(demo, "s1", start(), Channel.WEB, T0);
        for (int i = 0; i < Decisions.RECENT_COMMANDS + 5; i++) {
            engine.send(demo, "s1", say("hello " + i, "welcome"), Channel.WEB, T0.plusSeconds(i + 1));
        }
        List<String> recent = engine.sessions.get("s1").getRecentCommands();
        assertThat(recent).hasSize(Decisions.RECENT_COMMANDS).doesNotHaveDuplicates();
        assertThat(recent.get(recent.size() - 1)).isEqualTo("cmd-" + (Decisions.RECENT_COMMANDS + 6));
    }
}
