package io.parley.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.parley.avro.BotDefinition;
import io.parley.avro.Channel;
import io.parley.avro.Command;
import io.parley.avro.SentenceEmbedding;
import io.parley.avro.StartConversation;
import io.parley.avro.UserMessage;
import io.parley.encoder.OnnxSentenceEncoder;
import io.parley.engine.topology.EngineTopology;
import io.parley.infra.SharedTestInfrastructure;
import io.parley.ingest.bots.BotFileReader;
import io.parley.ingest.bots.BotPublisher;
import io.parley.nlu.intents.IntentTrainer;
import io.parley.topics.RegistrySerdes;
import io.parley.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The replay half of {@code ./benchmark audit}: records conversations with the demo bot as the engine
 * decides them (its own topology, the commands carrying sentence embeddings as the edge writes them),
 * then times {@code ./parley audit replay} re-running every command and comparing every event.
 */
final class ReplayBenchmark {

    /** Not the export's bot: its synthetic events have no commands, and a replay would rightly call them divergent. */
    private static final String COMPANY = "benchmark-replay";
    private static final long BOT_ID = 1;
    private static final int TURNS = 5;
    private static final List<String> SAID = List.of("how does it work", "how much does it cost", "what does it cost me",
            "tell me how it works", "hello", "goodbye", "something entirely different", "is it free");

    private final SharedTestInfrastructure infra;
    private final int commands;
    /** Time the engine's topology alone took to decide the recorded commands, on this one thread. */
    private long engineNanos;

    ReplayBenchmark(SharedTestInfrastructure infra, int commands) {
        this.infra = infra;
        this.commands = commands;
    }

    int run() throws Exception {
        RegistrySerdes serdes = infra.newSerdes();
        OnnxSentenceEncoder encoder = OnnxSentenceEncoder.shared(OnnxSentenceEncoder.Model.named("bge-small-en-v1.5-q"), 1);
        String yaml = Files.readString(Path.of("bots", "parley-demo-1.yaml")).replace("company: parley-demo", "company: " + COMPANY);
        BotDefinition bot = new BotFileReader(new IntentTrainer(java.util.Optional.of(encoder))).read("parley-demo-1.yaml", yaml,
                Instant.parse("2026-03-01T00:00:00Z"));
        Map<String, SentenceEmbedding> embeddings = new java.util.HashMap<>();
        SAID.forEach(text -> embeddings.put(text, encoder.embedding(text)));

        long started = System.nanoTime();
        long events = record(serdes, bot, embeddings);
        double recordSeconds = (System.nanoTime() - started) / 1e9;
        double engineRate = commands / (engineNanos / 1e9);
        System.out.printf("recorded %,d commands (%,d conversations) and their %,d events: %.1f s; "
                + "the engine's topology alone decided %,.0f commands/s on one thread%n", commands, commands / TURNS, events, recordSeconds,
                engineRate);

        long begin = System.nanoTime();
        ParleyProcess replay = ParleyProcess.run(List.of("-Xmx1g"), "audit", "replay", "--bootstrap", infra.bootstrapServers(),
                "--registry", infra.registryUrl(), "--bot", COMPANY + "/" + BOT_ID, "--engine-id", "no-engine-here");
        double seconds = (System.nanoTime() - begin) / 1e9;
        Matcher rate = Pattern.compile("read the versions and recorded events in ([\\d.]+) s; re-ran ([\\d,]+) commands in ([\\d.]+) s \\(([\\d,]+) commands/s\\)").matcher(replay.err());
        if (replay.status() != 0 || !rate.find()) {
            System.out.printf("replay failed (exit %d)%n%s%n%s%n", replay.status(),
                    replay.out().lines().skip(Math.max(0, replay.out().lines().count() - 10)).collect(java.util.stream.Collectors.joining("\n")),
                    replay.err());
            return 1;
        }
        System.out.print(replay.out().lines().filter(line -> line.contains("compared")).findFirst().orElse("") + "\n");
        System.out.printf("replay: %s commands re-run and compared at %s commands/s (reading them from the log included); "
                + "%s s reading the versions and recorded events first; %.1f s in all with JVM start%n",
                rate.group(2), rate.group(4), rate.group(1), seconds);
        return 0;
    }

    /** Decides the conversations with the engine's topology and writes the log as the engine would: commands, events, the bot. */
    private long record(RegistrySerdes serdes, BotDefinition bot, Map<String, SentenceEmbedding> embeddings) throws Exception {
        Serializer<Command> commandWriter = serdes.valueSerde(Topics.COMMANDS).serializer();
        byte[] definition = serdes.valueSerde(Topics.BOTS).serializer().serialize(Topics.BOTS.name(), bot);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "replay-benchmark");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "offline:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("replay-benchmark").toString());
        long events = 0;
        try (TopologyTestDriver engine = new TopologyTestDriver(EngineTopology.offline(serdes), config);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                     ProducerConfig.LINGER_MS_CONFIG, 20,
                     ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new StringSerializer(), new ByteArraySerializer())) {
            String botKey = Topics.botKey(COMPANY, BOT_ID);
            producer.send(new ProducerRecord<>(Topics.BOT_VERSIONS.name(), BotPublisher.versionKey(bot), definition));
            producer.send(new ProducerRecord<>(Topics.BOTS.name(), botKey, definition));
            engine.createInputTopic(Topics.BOTS.name(), new StringSerializer(), new ByteArraySerializer()).pipeInput(botKey, definition);
            TestInputTopic<String, byte[]> input = engine.createInputTopic(Topics.COMMANDS.name(), new StringSerializer(),
                    new ByteArraySerializer());
            TestOutputTopic<String, byte[]> output = engine.createOutputTopic(Topics.EVENTS.name(), new StringDeserializer(),
                    new ByteArrayDeserializer());
            Instant start = Instant.parse("2026-03-03T08:00:00Z");
            for (int i = 0; i < commands; i++) {
                int conversation = i / TURNS;
                int turn = i % TURNS;
                String session = "benchmark-conversation-" + conversation;
                Instant at = start.plusMillis(i * 10L);
                String text = SAID.get((conversation + turn) % SAID.size());
                Object payload = turn == 0 ? StartConversation.newBuilder().build()
                        : UserMessage.newBuilder().setText(text).setEmbedding(embeddings.get(text)).build();
                Command command = Command.newBuilder().setCommandId("c" + i).setSessionId(session).setCompany(COMPANY)
                        .setBotId(BOT_ID).setChannel(Channel.WEB).setIssuedAt(at).setPayload(payload).build();
                byte[] value = commandWriter.serialize(Topics.COMMANDS.name(), command);
                long deciding = System.nanoTime();
                input.pipeInput(new TestRecord<>(session, value, at));
                List<TestRecord<String, byte[]>> decided = output.readRecordsToList();
                engineNanos += System.nanoTime() - deciding;
                producer.send(new ProducerRecord<>(Topics.COMMANDS.name(), null, at.toEpochMilli(), session, value));
                for (TestRecord<String, byte[]> event : decided) {
                    producer.send(new ProducerRecord<>(Topics.EVENTS.name(), null, at.toEpochMilli(), event.key(), event.value()));
                    events++;
                }
                // The other outputs (replies, the sessions' directory) are not part of the audit log.
                engine.producedTopicNames().stream().filter(topic -> !topic.equals(Topics.EVENTS.name()))
                        .forEach(topic -> engine.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer())
                                .readRecordsToList());
            }
            producer.flush();
        }
        return events;
    }
}
