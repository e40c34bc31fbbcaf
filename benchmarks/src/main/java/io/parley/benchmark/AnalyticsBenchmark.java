package io.parley.benchmark;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.parley.analytics.AnalyticsProperties;
import io.parley.analytics.topology.AnalyticsStreams;
import io.parley.analytics.topology.AnalyticsTopology;
import io.parley.avro.BotMessage;
import io.parley.avro.BotReply;
import io.parley.avro.BotSaid;
import io.parley.avro.Channel;
import io.parley.avro.ConversationEvent;
import io.parley.avro.DeliveryOutcome;
import io.parley.avro.DeliveryReceipt;
import io.parley.avro.DeliveryTarget;
import io.parley.avro.IntentFallback;
import io.parley.avro.IntentRecognised;
import io.parley.avro.IntentScore;
import io.parley.avro.Language;
import io.parley.avro.MessageType;
import io.parley.avro.ReplyStatus;
import io.parley.avro.SessionExpired;
import io.parley.avro.SessionStarted;
import io.parley.avro.UserSaid;
import io.parley.infra.SharedTestInfrastructure;
import io.parley.topics.RegistrySerdes;
import io.parley.topics.Topic;
import io.parley.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./benchmark analytics}: how many records of the log (events, replies, receipts) analytics
 * processes per second on one stream thread, with exactly-once, from a standing start on a log written
 * for the purpose; beside a baseline measured in the same run on the same log: a Streams application
 * with the same settings that only reads and decodes the records. The ratio is what analytics' own work
 * costs. Its lag under live traffic is measured by {@code ./benchmark} (the sustained phase).
 */
@Command(name = "analytics", mixinStandardHelpOptions = true,
        description = "Records per second analytics processes on one thread, beside a read-and-decode baseline on the same log.")
public final class AnalyticsBenchmark implements Callable<Integer> {

    private static final double GOAL_PER_SECOND = 5_000;
    private static final Instant START = Instant.parse("2026-11-30T08:00:00Z");
    private static final Language ENGLISH = new Language("English", "EN", "en-GB");

    @Option(names = "--conversations", defaultValue = "20000", description = "Conversations written (default: ${DEFAULT-VALUE}).")
    int conversations;

    @Option(names = "--turns", defaultValue = "5", description = "User turns per conversation (default: ${DEFAULT-VALUE}).")
    int turns;

    @Option(names = "--bots", defaultValue = "20", description = "Bots they are spread over (default: ${DEFAULT-VALUE}).")
    int bots;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AnalyticsBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        SharedTestInfrastructure infra = SharedTestInfrastructure.get();
        long started = System.nanoTime();
        long records = writeLog(infra);
        System.out.printf("wrote %,d records (%,d conversations x %d turns over %d bots, 2 hours of traffic): %.1f s%n", records,
                conversations, turns, bots, (System.nanoTime() - started) / 1e9);

        double baseline = run(infra, "read and decode only", readOnly(infra.newSerdes()), records);
        double analytics = run(infra, "analytics", AnalyticsTopology.build(infra.newSerdes(), settings(infra)), records);

        System.out.printf("%n=== summary (paste into the README) ===%n");
        System.out.printf("analytics, 1 stream thread, exactly-once: %,.0f records/s; read-and-decode baseline %,.0f records/s; "
                + "ratio %.2f%n", analytics, baseline, analytics / baseline);
        System.out.printf("goal >= %,.0f records/s on one thread: %s%n", GOAL_PER_SECOND, analytics >= GOAL_PER_SECOND ? "met" : "NOT MET");
        return 0;
    }

    /** Runs a topology from the start of the log until it has committed all of it; returns records per second. */
    private static double run(SharedTestInfrastructure infra, String name, Topology topology, long records) throws Exception {
        String applicationId = "analytics-benchmark-" + UUID.randomUUID();
        Properties config = AnalyticsStreams.streamsConfig(Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG, applicationId,
                StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("analytics-benchmark").toString()), settings(infra));
        try (KafkaStreams streams = new KafkaStreams(topology, config)) {
            streams.start();
            while (streams.state() != KafkaStreams.State.RUNNING) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            long begin = System.nanoTime();
            try (AnalyticsLag progress = new AnalyticsLag(infra.bootstrapServers(), applicationId)) {
                if (progress.awaitCaughtUp(Duration.ofMinutes(20)) == null) {
                    throw new IllegalStateException(name + " did not catch up within 20 minutes");
                }
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            double perSecond = records / seconds;
            System.out.printf("%s: %,d records in %.1f s, %,.0f records/s%n", name, records, seconds, perSecond);
            return perSecond;
        }
    }

    /** The baseline: the same inputs, read and decoded by the same serdes, nothing done with them. */
    private static Topology readOnly(RegistrySerdes serdes) {
        StreamsBuilder builder = new StreamsBuilder();
        for (Topic<String, ?> topic : List.<Topic<String, ?>>of(Topics.EVENTS, Topics.REPLIES, Topics.DELIVERIES)) {
            builder.stream(topic.name(), Consumed.with(serdes.keySerde(topic), serdes.valueSerde(topic)).withName(topic.name() + "-read"))
                    .foreach((key, value) -> { }, Named.as(topic.name() + "-drop"));
        }
        return builder.build();
    }

    private static AnalyticsProperties settings(SharedTestInfrastructure infra) {
        return new AnalyticsProperties(infra.registryUrl(), Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(35),
                Duration.ofDays(400), Duration.ofDays(30), Duration.ofMillis(500), 1, 0, "http://localhost:8080", null);
    }

    /** Conversations as the engine and delivery write them: a start, turns (one in ten falls back) with their replies, an expiry. */
    private long writeLog(SharedTestInfrastructure infra) throws Exception {
        RegistrySerdes serdes = infra.newSerdes();
        var events = serdes.valueSerde(Topics.EVENTS).serializer();
        var replies = serdes.valueSerde(Topics.REPLIES).serializer();
        var receipts = serdes.valueSerde(Topics.DELIVERIES).serializer();
        long written = 0;
        Future<RecordMetadata> last = null;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new StringSerializer(), new ByteArraySerializer())) {
            long spreadMillis = Duration.ofHours(2).toMillis();
            for (int c = 0; c < conversations; c++) {
                String session = "benchmark-" + c;
                long botId = 1 + c % bots;
                Instant at = START.plusMillis(spreadMillis * c / conversations);
                List<Object> payloads = new ArrayList<>();
                payloads.add(new SessionStarted(Channel.WEB, null, ENGLISH));
                for (int t = 0; t < turns; t++) {
                    boolean fallback = (c + t) % 10 == 0;
                    payloads.add(new UserSaid(fallback ? "something off topic " + (c % 50) : "what does it cost", "welcome", null, null));
                    payloads.add(new IntentRecognised(fallback ? null : "pricing", fallback ? 0.3 : 0.9,
                            List.of(new IntentScore("pricing", fallback ? 0.3 : 0.9)), fallback ? IntentFallback.LOW_CONFIDENCE : null, null));
                    payloads.add(new BotSaid(fallback ? "welcome" : "pricing",
                            List.of(new BotMessage(MessageType.TEXT, "It is free.", List.of())), false));
                }
                payloads.add(new SessionExpired(at.plusSeconds(turns * 10L)));
                int n = 0;
                for (Object payload : payloads) {
                    Instant when = at.plusSeconds(n * 3L);
                    ConversationEvent event = ConversationEvent.newBuilder().setEventId(session + "/" + n).setSessionId(session)
                            .setCompany("benchmark").setBotId(botId).setOccurredAt(when).setCausationId(session + "/c" + n)
                            .setBotVersion(1L).setPayload(payload).build();
                    last = producer.send(new ProducerRecord<>(Topics.EVENTS.name(), null, when.toEpochMilli(), session,
                            events.serialize(Topics.EVENTS.name(), event)));
                    written++;
                    if (payload instanceof BotSaid || payload instanceof SessionStarted) {
                        BotReply reply = BotReply.newBuilder().setSessionId(session).setCommandId(session + "/c" + n)
                                .setCompany("benchmark").setBotId(botId).setChannel(Channel.WEB).setRepliedAt(when)
                                .setStatus(ReplyStatus.OK).build();
                        producer.send(new ProducerRecord<>(Topics.REPLIES.name(), session, replies.serialize(Topics.REPLIES.name(), reply)));
                        DeliveryReceipt receipt = new DeliveryReceipt(session, "benchmark", botId, Channel.WEB, DeliveryTarget.WEB_PUSH,
                                session + "/c" + n, DeliveryOutcome.DELIVERED, 1, null, when.plusMillis(5));
                        producer.send(new ProducerRecord<>(Topics.DELIVERIES.name(), session,
                                receipts.serialize(Topics.DELIVERIES.name(), receipt)));
                        written += 2;
                    }
                    n++;
                }
            }
            producer.flush();
        }
        if (last != null) {
            last.get();
        }
        return written;
    }
}
