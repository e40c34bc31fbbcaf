package io.parley.engine.turns;

import static io.parley.engine.testing.EngineHarness.say;
import static io.parley.engine.testing.EngineHarness.start;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.parley.avro.Block;
import io.parley.avro.BlockType;
import io.parley.avro.BotDefinition;
import io.parley.avro.BotReply;
import io.parley.avro.Channel;
import io.parley.avro.Command;
import io.parley.avro.ConversationEvent;
import io.parley.avro.Intent;
import io.parley.avro.IntentFallback;
import io.parley.avro.IntentRecognised;
import io.parley.avro.Transition;
import io.parley.avro.TransitionTrigger;
import io.parley.avro.UserMessage;
import io.parley.encoder.OnnxSentenceEncoder;
import io.parley.engine.testing.EngineHarness;
import io.parley.engine.testing.TestBots;
import io.parley.nlu.intents.IntentTrainer;
import org.junit.jupiter.api.Test;

/**
 * The engine ranks intents from the embedding a command carries, never running the model itself (it is
 * not on the engine's class path; only this test writes commands as ingest does): a replay of the
 * same commands decides the same, and a command without an embedding is ranked on its words.
 */
class SentenceEmbeddingsTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final OnnxSentenceEncoder ENCODER = OnnxSentenceEncoder.shared(OnnxSentenceEncoder.Model.BGE_SMALL_EN_V15_Q, 1);
    /** Shares no word with the pricing phrases below: only its meaning leads there. */
    private static final String PARAPHRASE = "will this set me back a lot of money";

    private static final List<Intent> INTENTS = List.of(
            new Intent("pricing", List.of("how much does it cost", "what is the price", "is it free",
                    "what are your rates", "do I have to pay for it")),
            new Intent("opening_hours", List.of("when are you open", "what are your opening hours", "are you open on sunday",
                    "what time do you close", "until when can I come")),
            new Intent("goodbye", List.of("bye", "goodbye", "see you later", "that is all", "thanks, bye")));

    private final BotDefinition bot = BotDefinition.newBuilder(TestBots.demo())
            .setIntents(INTENTS)
            .setClassifier(new IntentTrainer(Optional.of(ENCODER)).train("en-US", INTENTS))
            .setBlocks(List.of(
                    block("welcome", BlockType.QUESTION, "Hello! Ask about prices or opening hours.", null, List.of(
                            new Transition(TransitionTrigger.INTENT, "pricing", "pricing"),
                            new Transition(TransitionTrigger.INTENT, "opening_hours", "hours"))),
                    block("pricing", BlockType.END, "It is free.", null, List.of()),
                    block("hours", BlockType.END, "We are open from 9 to 5.", null, List.of()),
                    block("lost", BlockType.MESSAGE, "Let us start again.", "welcome", List.of())))
            .build();

    @Test
    void aParaphraseIsUnderstoodFromTheEmbeddingTheCommandCarries() {
        try (EngineHarness engine = new EngineHarness(T0)) {
            engine.publish(bot);
            engine.send(bot, "s1", start(), Channel.WEB, T0);
            engine.send(bot, "s1", withEmbedding(say(PARAPHRASE, "welcome")), Channel.WEB, T0.plusSeconds(5));

            IntentRecognised recognised = recognised(engine.events.readValuesToList());
            assertThat(recognised.getIntent()).isEqualTo("pricing");
            assertThat(recognised.getSentenceEncoder()).isEqualTo(ENCODER.id());
            assertThat(recognised.getFallback()).isNull();
            List<BotReply> replies = engine.replies.readValuesToList();
            assertThat(replies.get(1).getMessages().get(0).getContent()).isEqualTo("It is free.");
            assertThat(replies.get(1).getIntent().getIntent()).isEqualTo("pricing");
        }
    }

    @Test
    void withoutAnEmbeddingTheTextIsRankedOnItsWordsAndTheEventSaysSo() {
        try (EngineHarness engine = new EngineHarness(T0)) {
            engine.publish(bot);
            engine.send(bot, "s1", start(), Channel.WEB, T0);
            engine.send(bot, "s1", say(PARAPHRASE, "welcome"), Channel.WEB, T0.plusSeconds(5));

            IntentRecognised recognised = recognised(engine.events.readValuesToList());
            assertThat(recognised.getSentenceEncoder()).isNull();
            // No word in common with any phrase: the words alone cannot tell, and the bot does not guess.
            assertThat(recognised.getIntent()).isNull();
            assertThat(recognised.getFallback()).isIn(IntentFallback.LOW_CONFIDENCE, IntentFallback.AMBIGUOUS);
        }
    }

    @Test
    void aReplayOfTheSameCommandsDecidesTheSameWithoutTheModel() {
        List<Command> written = new ArrayList<>();
        List<ConversationEvent> first;
        try (EngineHarness engine = new EngineHarness(T0)) {
            engine.publish(bot);
            written.add(engine.send(bot, "s1", start(), Channel.WEB, T0));
            written.add(engine.send(bot, "s1", withEmbedding(say(PARAPHRASE, "welcome")), Channel.WEB, T0.plusSeconds(5)));
            written.add(engine.send(bot, "s2", start(), Channel.WEB, T0.plusSeconds(6)));
            written.add(engine.send(bot, "s2", withEmbedding(say("at what time do your doors shut", "welcome")), Channel.WEB,
                    T0.plusSeconds(7)));
            first = engine.events.readValuesToList();
        }
        try (EngineHarness replay = new EngineHarness(T0)) {
            replay.publish(bot);
            written.forEach(command -> replay.commands.pipeInput(command.getSessionId(), command, command.getIssuedAt()));
            assertThat(replay.events.readValuesToList()).isEqualTo(first);
        }
        assertThat(first).extracting(ConversationEvent::getPayload).filteredOn(IntentRecognised.class::isInstance)
                .extracting(payload -> ((IntentRecognised) payload).getIntent()).containsExactly("pricing", "opening_hours");
    }

    private static UserMessage withEmbedding(UserMessage message) {
        return UserMessage.newBuilder(message).setEmbedding(ENCODER.embedding(message.getText())).build();
    }

    private static IntentRecognised recognised(List<ConversationEvent> events) {
        return events.stream().map(ConversationEvent::getPayload).filter(IntentRecognised.class::isInstance)
                .map(IntentRecognised.class::cast).findFirst().orElseThrow();
    }

    private static Block block(String id, BlockType type, String message, String next, List<Transition> transitions) {
        return Block.newBuilder().setId(id).setType(type).setMessages(List.of(message)).setNext(next)
                .setTransitions(transitions).build();
    }
}
