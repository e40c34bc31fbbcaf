package io.parley.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import io.parley.avro.Block;
import io.parley.avro.BotDefinition;
import io.parley.avro.BotMessage;
import io.parley.avro.BotReply;
import io.parley.avro.Channel;
import io.parley.avro.Command;
import io.parley.avro.Intent;
import io.parley.avro.Language;
import io.parley.avro.RetryPrompt;
import io.parley.avro.SessionState;
import io.parley.avro.StartConversation;
import io.parley.avro.Transition;
import io.parley.avro.UserMessage;
import io.parley.engine.topology.EngineTopology;
import io.parley.infra.SharedTestInfrastructure;
import io.parley.ingest.bots.BotFileReader;
import io.parley.nlu.BotLanguages;
import io.parley.nlu.intents.IntentTrainer;
import io.parley.topics.RegistrySerdes;
import io.parley.topics.Topics;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * Walks every block of every example bot in every language it speaks, through the engine's own
 * topology: from each block, each of its transitions (a payload, a keyword, a phrase of the intent,
 * anything) and a message nothing matches (the retry prompt, then the fallback). No answer may show a
 * template's braces: messages, retry prompts, slot questions and validation messages, bot_answer.
 */
class EveryTextRenderedTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final String NOTHING_MATCHES = "qqzx vvw";

    @Test
    void noAnswerOfAnyExampleBotShowsATemplate() throws Exception {
        RegistrySerdes serdes = SharedTestInfrastructure.get().newSerdes();
        BotFileReader reader = new BotFileReader(IntentTrainer.wordsOnly());
        List<String> unrendered = new ArrayList<>();
        int answers = 0;
        try (Stream<Path> files = Files.list(Path.of("..", "bots"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                BotDefinition bot = reader.read(file.getFileName().toString(), Files.readString(file), NOW);
                for (Language language : BotLanguages.of(bot)) {
                    for (BotReply reply : walk(serdes, bot, language)) {
                        answers++;
                        texts(reply).filter(text -> text.contains("{{"))
                                .forEach(text -> unrendered.add(file.getFileName() + " (" + language.getSlug() + ") at "
                                        + reply.getTracking() + ": " + text));
                    }
                }
            }
        }
        assertThat(answers).as("answers walked").isGreaterThan(100);
        assertThat(unrendered).isEmpty();
    }

    private static List<BotReply> walk(RegistrySerdes serdes, BotDefinition bot, Language language) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "every-text-rendered");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        List<BotReply> replies = new ArrayList<>();
        try (TopologyTestDriver engine = new TopologyTestDriver(EngineTopology.build(serdes, Duration.ofMinutes(10)), config, NOW)) {
            engine.createInputTopic(Topics.BOTS.name(), new StringSerializer(), serdes.valueSerde(Topics.BOTS).serializer())
                    .pipeInput(Topics.botKey(bot.getCompany(), bot.getBotId()), bot);
            TestInputTopic<String, Command> commands = engine.createInputTopic(Topics.COMMANDS.name(), new StringSerializer(),
                    serdes.valueSerde(Topics.COMMANDS).serializer());
            TestOutputTopic<String, BotReply> answers = engine.createOutputTopic(Topics.REPLIES.name(), new StringDeserializer(),
                    serdes.valueSerde(Topics.REPLIES).deserializer());
            KeyValueStore<String, SessionState> sessions = engine.getKeyValueStore(EngineTopology.SESSIONS_STORE);
            int session = 0;
            for (Block block : bot.getBlocks()) {
                List<String> texts = new ArrayList<>(List.of(NOTHING_MATCHES, NOTHING_MATCHES));
                for (Transition transition : block.getTransitions()) {
                    texts.add(trigger(bot, language, transition));
                }
                for (String text : texts) {
                    String id = "walk-" + (++session);
                    send(commands, bot, id, StartConversation.newBuilder().setLanguageCode(language.getCode()).build());
                    // Put the conversation at the block, as if the user had got there.
                    sessions.put(id, SessionState.newBuilder(sessions.get(id)).setBlockId(block.getId())
                            .setRetriesLeft(block.getMaxRetries()).setEnded(false).build());
                    send(commands, bot, id, UserMessage.newBuilder().setText(text).setTracking(block.getId())
                            .setVariables(Map.of("userresponse", text)).build());
                    if (text.equals(NOTHING_MATCHES)) {
                        // Again: past the retries, to the fallback.
                        send(commands, bot, id, UserMessage.newBuilder().setText(text).setVariables(Map.of("userresponse", text)).build());
                    }
                }
            }
            replies.addAll(answers.readValuesToList());
        }
        return replies;
    }

    /** A message that takes the transition. */
    private static String trigger(BotDefinition bot, Language language, Transition transition) {
        return switch (transition.getOn()) {
            case PAYLOAD, KEYWORD -> transition.getValue();
            case INTENT -> BotLanguages.translation(bot, language).map(translation -> translation.getIntents())
                    .filter(intents -> !intents.isEmpty()).orElse(bot.getIntents()).stream()
                    .filter(intent -> intent.getName().equals(transition.getValue()))
                    .map(Intent::getPhrases).filter(phrases -> !phrases.isEmpty()).map(phrases -> phrases.get(0))
                    .findFirst().orElse(transition.getValue());
            default -> "yes";
        };
    }

    private static void send(TestInputTopic<String, Command> commands, BotDefinition bot, String session, Object payload) {
        commands.pipeInput(session, Command.newBuilder()
                .setCommandId(session + "/" + System.nanoTime())
                .setSessionId(session)
                .setCompany(bot.getCompany())
                .setBotId(bot.getBotId())
                .setChannel(Channel.WEB)
                .setIssuedAt(NOW)
                .setPayload(payload)
                .build(), NOW);
    }

    private static Stream<String> texts(BotReply reply) {
        return Stream.of(reply.getMessages().stream().map(BotMessage::getContent),
                        reply.getRetryPrompts().stream().map(RetryPrompt::getContent),
                        reply.getVariables().values().stream())
                .flatMap(texts -> texts);
    }
}
