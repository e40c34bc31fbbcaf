package io.parley.engine.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.parley.avro.BotReply;
import io.parley.avro.BotSaid;
import io.parley.avro.Channel;
import io.parley.avro.Command;
import io.parley.avro.CommandRejected;
import io.parley.avro.ConversationEvent;
import io.parley.avro.ReplyAddress;
import io.parley.avro.ReplyStatus;
import io.parley.avro.SessionStarted;
import io.parley.avro.SessionState;
import io.parley.avro.StartConversation;
import io.parley.avro.UserMessage;
import io.parley.avro.UserSaid;
import io.parley.engine.testing.EngineHarness;
import io.parley.engine.testing.TestBots;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine's topology: sessions, the conversation tree, rejections. */
class EngineTopologyTest {

    private static final Instant T0 = Instant.parse("2026-03-06T10:15:30Z");

    private EngineHarness engine;
    private TestInputTopic<String, Command> commands;
    private TestOutputTopic<String, BotReply> replies;
    private TestOutputTopic<String, ConversationEvent> events;
    private KeyValueStore<String, SessionState> sessions;

    @BeforeEach
    void startDriver() {
        engine = new EngineHarness(T0);
        engine.publish(TestBots.demo());
        commands = engine.commands;
        replies = engine.replies;
        events = engine.events;
        sessions = engine.sessions;
    }

    @AfterEach
    void closeDriver() {
        engine.close();
    }

    @Test
    void shouldStartASessionAtTheStartBlockAndAnswerWithItsMessagesAndTracking() {
        send("s1", start(), Channel.WEB);

        BotReply reply = replies.readValue();
        assertThat(reply.getStatus()).isEqualTo(ReplyStatus.OK);
        assertThat(reply.getSessionId()).isEqualTo("s1");
        assertThat(reply.getBotName()).isEqualTo("Acme helper");
        assertThat(reply.getTracking()).isEqualTo("welcome");
        assertThat(reply.getMessages()).extracting(m -> m.getContent()).containsExactly("Hello! Pricing or support?");
        assertThat(reply.getMessages().get(0).getButtons()).extracting(b -> b.getPayload()).containsExactly("PRICING");
        assertThat(reply.getRetryPrompts()).singleElement().satisfies(prompt -> {
            assertThat(prompt.getTracking()).isEqualTo("welcome");
            assertThat(prompt.getContent()).isEqualTo("Please say pricing or support.");
        });
        assertThat(reply.getVariables()).containsEntry("bot_answer", "Hello! Pricing or support?").containsEntry("product", "Acme");
        assertThat(reply.getSpeech()).as("web turns carry no speech settings").isNull();
        assertThat(events.readValuesToList()).extracting(ConversationEvent::getPayload)
                .hasExactlyElementsOfTypes(SessionStarted.class, BotSaid.class);
        SessionState stored = sessions.get("s1");
        assertThat(stored.getBlockId()).isEqualTo("welcome");
        assertThat(stored.getStartedAt()).isEqualTo(T0);
    }

    @Test
    void shouldFollowAKeywordAndChainThroughBlocksThatDoNotWait() {
        send("s1", start(), Channel.WEB);
        replies.readValue();
        events.readValuesToList();

        send("s1", say("What is the PRICE?", "welcome"), Channel.WEB);

        BotReply reply = replies.readValue();
        assertThat(reply.getMessages()).extracting(m -> m.getContent()).containsExactly("It is free.", "Anything else?");
        assertThat(reply.getTracking()).isEqualTo("more");
        // bot_answer is the whole turn, for clients that show nothing else.
        assertThat(reply.getVariables()).containsEntry("bot_answer", "It is free.\nAnything else?");
        assertThat(events.readValuesToList()).extracting(ConversationEvent::getPayload)
                .hasExactlyElementsOfTypes(UserSaid.class, BotSaid.class);
        assertThat(sessions.get("s1").getTurns()).isEqualTo(1);
    }

    @Test
    void shouldFollowAButtonPayloadAndARegularExpression() {
        send("a", start(), Channel.WEB);
        send("a", UserMessage.newBuilder().setText("Pricing").setPayload("PRICING").build(), Channel.WEB);
        send("b", start(), Channel.WEB);
        send("b", say("I need some help", "welcome"), Channel.WEB);

        List<BotReply> all = replies.readValuesToList();
        assertThat(all.get(1).getTracking()).isEqualTo("more");
        assertThat(all.get(3).getTracking()).isEqualTo("support");
        assertThat(all.get(3).getEnded()).isTrue();
    }

    @Test
    void shouldRepromptUntilTheRetriesAreSpentThenTakeTheFallback() {
        send("s1", start(), Channel.WEB);
        send("s1", say("banana", "welcome"), Channel.WEB);
        send("s1", say("banana", "welcome"), Channel.WEB);
        send("s1", say("banana", "welcome"), Channel.WEB);

        List<BotReply> all = replies.readValuesToList();
        assertThat(all.get(1).getMessages()).extracting(m -> m.getContent()).containsExactly("Please say pricing or support.");
        assertThat(all.get(2).getMessages()).extracting(m -> m.getContent()).containsExactly("Please say pricing or support.");
        assertThat(all.get(3).getMessages()).extracting(m -> m.getContent())
                .containsExactly("Let us start again.", "Hello! Pricing or support?");
        assertThat(all.get(3).getTracking()).isEqualTo("welcome");
        assertThat(sessions.get("s1").getRetriesLeft()).as("retries are restored on entering a block").isEqualTo(2);
    }

    @Test
    void shouldKeepTheClientsCurrentUrlInTheSessionContext() {
        send("s1", StartConversation.newBuilder().setContext(Map.of("currentUrl", "https://shop.example/home")).build(),
                Channel.WEB);
        assertThat(sessions.get("s1").getContext()).containsEntry("currentUrl", "https://shop.example/home");

        send("s1", UserMessage.newBuilder().setText("price").setTracking("welcome")
                .setContext(Map.of("currentUrl", "https://shop.example/cart")).build(), Channel.WEB);
        assertThat(sessions.get("s1").getContext()).containsEntry("currentUrl", "https://shop.example/cart");
    }

    @Test
    void shouldRejectATurnForAnUnknownSessionWithoutCreatingOne() {
        send("ghost", say("hello", "welcome"), Channel.WEB);

        BotReply reply = replies.readValue();
        assertThat(reply.getStatus()).isEqualTo(ReplyStatus.SESSION_NOT_FOUND);
        assertThat(reply.getError()).contains("start a new conversation");
        assertThat(events.readValue().getPayload()).isInstanceOf(CommandRejected.class);
        assertThat(sessions.get("ghost")).isNull();
    }

    @Test
    void shouldRejectACommandForABotThatWasNeverPublished() {
        Command command = command("s1", start(), Channel.WEB);
        command.setBotId(999);
        commands.pipeInput("s1", command, T0);

        BotReply reply = replies.readValue();
        assertThat(reply.getStatus()).isEqualTo(ReplyStatus.BOT_NOT_FOUND);
        assertThat(sessions.get("s1")).isNull();
    }

    @Test
    void shouldAddressTheReplyToTheWaitingCallerAndAddSpeechSettingsOnTelephony() {
        Command command = command("call-1", start(), Channel.TELEPHONY);
        command.setReplyTo(new ReplyAddress("ingest-a", "corr-1"));
        commands.pipeInput("call-1", command, T0);

        BotReply reply = replies.readRecord().value();
        assertThat(reply.getReplyTo()).isEqualTo(new ReplyAddress("ingest-a", "corr-1"));
        assertThat(reply.getCommandId()).isEqualTo(command.getCommandId());
        assertThat(reply.getSpeech().getSynthesizer().getVoice()).isEqualTo("en-US-Standard-C");
        assertThat(reply.getSpeech().getRetries()).isEqualTo(1);
    }

    @Test
    void shouldDeriveEventIdsAndTimesFromTheCommandSoAReplayYieldsTheSameEvents() {
        send("s1", start(), Channel.WEB);
        List<ConversationEvent> first = events.readValuesToList();
        engine.close();
        startDriver();
        send("s1", start(), Channel.WEB);
        assertThat(events.readValuesToList()).isEqualTo(first);
    }

    private void send(String sessionId, Object payload, Channel channel) {
        engine.send(TestBots.demo(), sessionId, payload, channel, T0);
    }

    private Command command(String sessionId, Object payload, Channel channel) {
        return Command.newBuilder()
                .setCommandId("custom-" + sessionId)
                .setSessionId(sessionId)
                .setCompany(TestBots.COMPANY)
                .setBotId(TestBots.BOT_ID)
                .setChannel(channel)
                .setIssuedAt(T0)
                .setPayload(payload)
                .build();
    }

    private static StartConversation start() {
        return EngineHarness.start();
    }

    private static UserMessage say(String text, String tracking) {
        return EngineHarness.say(text, tracking);
    }
}
