package io.parley.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;

import io.parley.avro.BotDefinition;
import io.parley.avro.Command;
import io.parley.avro.ConversationEvent;
import io.parley.engine.conversation.EngineTopology;
import io.parley.topics.RegistrySerdes;
import io.parley.topics.Topic;
import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine decides from its inputs alone: the commands topic, replayed into a fresh engine, yields
 * the events the running engine wrote, session by session.
 */
class ReplayTest {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final JsonMapper json = JsonMapper.builder().build();

    @Test
    void replayingTheCommandsTopicIntoAFreshEngineYieldsTheSameEvents() throws Exception {
        RunningParley parley = RunningParley.get();
        holdConversations(parley);
        RegistrySerdes serdes = parley.infra.newSerdes();

        Map<String, List<ConversationEvent>> recorded = new HashMap<>();
        readAll(parley, Topics.EVENTS, serdes, (key, event) -> recorded.computeIfAbsent(key, k -> new ArrayList<>()).add(event));
        List<ConsumerRecord<String, Command>> commands = new ArrayList<>();
        readAllRecords(parley, Topics.COMMANDS, serdes, commands::add);
        List<BotDefinition> bots = new ArrayList<>();
        readAll(parley, Topics.BOTS, serdes, (key, bot) -> bots.add(bot));

        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "replay");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        Map<String, List<ConversationEvent>> replayed = new LinkedHashMap<>();
        try (TopologyTestDriver fresh = new TopologyTestDriver(EngineTopology.build(serdes, Duration.ofMinutes(10)), config)) {
            TestInputTopic<String, BotDefinition> botInput = fresh.createInputTopic(Topics.BOTS.name(),
                    new StringSerializer(), serdes.valueSerde(Topics.BOTS).serializer());
            bots.forEach(bot -> botInput.pipeInput(Topics.botKey(bot.getCompany(), bot.getBotId()), bot));
            TestInputTopic<String, Command> input = fresh.createInputTopic(Topics.COMMANDS.name(),
                    new StringSerializer(), serdes.valueSerde(Topics.COMMANDS).serializer());
            TestOutputTopic<String, ConversationEvent> output = fresh.createOutputTopic(Topics.EVENTS.name(),
                    new StringDeserializer(), serdes.valueSerde(Topics.EVENTS).deserializer());
            for (ConsumerRecord<String, Command> command : commands) {
                input.pipeInput(command.key(), command.value(), Instant.ofEpochMilli(command.timestamp()));
            }
            output.readKeyValuesToList().forEach(event ->
                    replayed.computeIfAbsent(event.key, k -> new ArrayList<>()).add(event.value));
        }

        assertThat(replayed).isNotEmpty();
        assertThat(replayed.keySet()).isEqualTo(recorded.keySet());
        replayed.forEach((session, events) -> assertThat(events).as(session).isEqualTo(recorded.get(session)));
    }

    /** A few conversations in both bots, with a retry, a stale tracking and an unknown session. */
    private static void holdConversations(RunningParley parley) throws Exception {
        for (int bot : new int[] {1, 2}) {
            JsonNode start = post(parley.talkrEndpoint(bot, "web"), "{}");
            String session = start.path("session").asString();
            String tracking = start.path("data").path("responses").get(0).path("tracking").asString();
            String first = bot == 1 ? "how much does it cost" : "quels sont vos horaires";
            JsonNode turn = post(parley.talkrEndpoint(bot, "web"), body(first, session, tracking));
            post(parley.talkrEndpoint(bot, "web"), body(first, session, tracking));
            String next = turn.path("data").path("responses").get(0).path("tracking").asString();
            post(parley.talkrEndpoint(bot, "web"), body("something entirely different", session, next));
            post(parley.talkrEndpoint(bot, "web"), body("goodbye", session, "stale-block"));
        }
        post(parley.talkrEndpoint(1, "web"), body("hello", "no-such-session", "welcome"));
    }

    private static String body(String text, String session, String tracking) {
        return json.writeValueAsString(Map.of("message", text, "session", session, "tracking", tracking,
                "variables", Map.of("userresponse", text)));
    }

    private static JsonNode post(String url, String body) throws Exception {
        return json.readTree(http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("X-Talkr-Query", "1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static <V> void readAll(RunningParley parley, Topic<String, V> topic, RegistrySerdes serdes,
                                    BiConsumer<String, V> handler) {
        readAllRecords(parley, topic, serdes, record -> handler.accept(record.key(), record.value()));
    }

    /** Every committed, readable record of the topic, partition by partition (a poison record is skipped). */
    private static <V> void readAllRecords(RunningParley parley, Topic<String, V> topic, RegistrySerdes serdes,
                                           java.util.function.Consumer<ConsumerRecord<String, V>> handler) {
        org.apache.kafka.common.serialization.Deserializer<V> values = serdes.valueSerde(topic).deserializer();
        for (ConsumerRecord<byte[], byte[]> raw : parley.infra.topics().all(topic.name())) {
            V value;
            try {
                value = raw.value() == null ? null : values.deserialize(raw.topic(), raw.value());
            } catch (RuntimeException unreadable) {
                continue;
            }
            handler.accept(new ConsumerRecord<>(raw.topic(), raw.partition(), raw.offset(), raw.timestamp(),
                    raw.timestampType(), raw.serializedKeySize(), raw.serializedValueSize(),
                    new String(raw.key(), java.nio.charset.StandardCharsets.UTF_8), value,
                    raw.headers(), java.util.Optional.empty()));
        }
    }

}
