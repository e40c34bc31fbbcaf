package io.parley.engine.turns;

import static io.parley.engine.testing.EngineHarness.say;
import static io.parley.engine.testing.EngineHarness.start;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.parley.avro.AiAnswerReady;
import io.parley.avro.AiRequest;
import io.parley.avro.BotDefinition;
import io.parley.avro.BotReply;
import io.parley.avro.Channel;
import io.parley.avro.ChatMessage;
import io.parley.avro.SessionEntry;
import io.parley.avro.StartConversation;
import io.parley.engine.testing.EngineHarness;
import io.parley.engine.testing.TestBots;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AI blocks answer in the background; every live session is in the directory. */
class AiAndDirectoryTest {

    private static final Instant T0 = Instant.parse("2026-03-06T10:15:30Z");

    private final BotDefinition bot = TestBots.ai();
    private EngineHarness engine;

    @BeforeEach
    void publishBot() {
        engine = new EngineHarness(T0);
        engine.publish(bot);
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @Test
    void anAiBlockAnswersAtOnceWithItsInterimMessageAndAsksTheEndpointThroughTheLog() {
        engine.send(bot, "s1", start(), Channel.WEB, T0);
        engine.replies.readValue();

        engine.send(bot, "s1", say("Do you ship to Norway?", "welcome"), Channel.WEB, T0);

        BotReply interim = engine.replies.readValue();
        assertThat(interim.getHasBackgroundText()).isTrue();
        assertThat(interim.getBackgroundContent()).isEqualTo("pending");
        assertThat(interim.getMessages()).extracting(m -> m.getContent()).containsExactly("Please wait...");
        assertThat(interim.getVariables()).containsEntry("model", "gpt-4o");
        AiRequest request = engine.aiRequests.readValue();
        assertThat(request.getSessionId()).isEqualTo("s1");
        assertThat(request.getModel()).isEqualTo("gpt-4o");
        assertThat(request.getFallbackAnswer()).isEqualTo("No answer now.");
        assertThat(request.getMessages()).extracting(ChatMessage::getRole, ChatMessage::getContent).containsExactly(
                org.assertj.core.groups.Tuple.tuple("system", "You answer questions about Acme."),
                org.assertj.core.groups.Tuple.tuple("user", "Question from a customer: Do you ship to Norway?"));
        assertThat(engine.sessions.get("s1").getPendingRequest()).isEqualTo(request.getRequestId());
    }

    @Test
    void theAnswerIsPushedBecomesBotAnswerAndAnswersAClientThatPollsWithItsLastTurn() {
        engine.send(bot, "s1", start(), Channel.WEB, T0);
        engine.send(bot, "s1", say("Do you ship to Norway?", "welcome"), Channel.WEB, T0);
        engine.replies.readValuesToList();
        AiRequest request = engine.aiRequests.readValue();

        engine.send(bot, "s1", new AiAnswerReady(request.getRequestId(), "Yes, in 3 days.", "gpt-4o", null), Channel.WEB,
                T0.plusSeconds(2));

        BotReply pushed = engine.replies.readValue();
        assertThat(pushed.getReplyTo()).as("nobody waits: it is pushed").isNull();
        assertThat(pushed.getHasBackgroundText()).isFalse();
        assertThat(pushed.getMessages()).extracting(m -> m.getContent()).containsExactly("Yes, in 3 days.", "Anything else?");
        assertThat(pushed.getVariables()).containsEntry("bot_answer", "Yes, in 3 days.\nAnything else?");
        assertThat(pushed.getTracking()).isEqualTo("more");
        assertThat(engine.sessions.get("s1").getPendingRequest()).isNull();

        engine.send(bot, "s1", say("Do you ship to Norway?", "welcome"), Channel.WEB, T0.plusSeconds(3));
        BotReply poll = engine.replies.readValue();
        assertThat(poll.getVariables()).containsEntry("bot_answer", "Yes, in 3 days.\nAnything else?");
        assertThat(poll.getHasBackgroundText()).isFalse();
    }

    @Test
    void aPollAfterTheAnswerGetsItEvenWhenTheAiBlockLeadsBackToWhereTheQuestionWasAsked() {
        engine.send(bot, "s1", start(), Channel.WEB, T0);
        engine.send(bot, "s1", say("Do you ship to Norway?", "welcome"), Channel.WEB, T0);
        engine.send(bot, "s1", new AiAnswerReady(engine.aiRequests.readValue().getRequestId(), "Yes.", "gpt-4o", null),
                Channel.WEB, T0.plusSeconds(1));
        // From "more", a question goes to the AI block and its answer back to "more".
        engine.send(bot, "s1", say("And to Iceland?", "more"), Channel.WEB, T0.plusSeconds(2));
        engine.send(bot, "s1", new AiAnswerReady(engine.aiRequests.readValue().getRequestId(), "Also.", "gpt-4o", null),
                Channel.WEB, T0.plusSeconds(3));
        engine.replies.readValuesToList();

        engine.send(bot, "s1", say("And to Iceland?", "more"), Channel.WEB, T0.plusSeconds(4));

        BotReply poll = engine.replies.readValue();
        assertThat(poll.getVariables()).containsEntry("bot_answer", "Also.\nAnything else?");
        assertThat(poll.getHasBackgroundText()).isFalse();
        assertThat(engine.aiRequests.isEmpty()).as("the question is not asked again").isTrue();
    }

    @Test
    void whileTheAnswerIsPendingAPollGetsTheInterimAnswerAgain() {
        engine.send(bot, "s1", start(), Channel.WEB, T0);
        engine.send(bot, "s1", say("Do you ship to Norway?", "welcome"), Channel.WEB, T0);
        engine.replies.readValuesToList();

        engine.send(bot, "s1", say("Do you ship to Norway?", "welcome"), Channel.WEB, T0.plusSeconds(1));

        BotReply poll = engine.replies.readValue();
        assertThat(poll.getHasBackgroundText()).isTrue();
        assertThat(engine.aiRequests.getQueueSize()).as("no second request").isEqualTo(1);
    }

    @Test
    void anAnswerTheSessionNoLongerWaitsForIsDropped() {
        engine.send(bot, "s1", start(), Channel.WEB, T0);
        engine.replies.readValuesToList();

        engine.send(bot, "s1", new AiAnswerReady("someone-else", "Late.", null, null), Channel.WEB, T0);

        assertThat(engine.replies.isEmpty()).isTrue();
        assertThat(engine.events.readValuesToList()).hasSize(2);
    }

    @Test
    void aStartedSessionEntersTheDirectoryAndAnExpiredOneLeavesItWithATombstone() {
        engine.send(bot, "s1", StartConversation.newBuilder()
                .setContext(Map.of("callbackUrl", "http://pbx.example/calls/7")).build(), Channel.TELEPHONY, T0);

        TestRecord<String, SessionEntry> entry = engine.directory.readRecord();
        assertThat(entry.key()).isEqualTo("s1");
        assertThat(entry.value().getCompany()).isEqualTo(bot.getCompany());
        assertThat(entry.value().getCallbackUrl()).isEqualTo("http://pbx.example/calls/7");
        assertThat(engine.replies.readValue().getCallbackUrl()).isEqualTo("http://pbx.example/calls/7");

        engine.send(bot, "s1", say("hi", "welcome"), Channel.TELEPHONY, T0.plusSeconds(bot.getSessionTimeoutSeconds() + 1));

        List<TestRecord<String, SessionEntry>> after = engine.directory.readRecordsToList();
        assertThat(after).singleElement().satisfies(tombstone -> {
            assertThat(tombstone.key()).isEqualTo("s1");
            assertThat(tombstone.value()).isNull();
        });
    }
}
