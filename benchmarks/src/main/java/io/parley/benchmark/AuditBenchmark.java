package io.parley.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.parley.avro.BotMessage;
import io.parley.avro.BotSaid;
import io.parley.avro.ConversationEvent;
import io.parley.avro.MessageType;
import io.parley.avro.UserSaid;
import io.parley.infra.SharedTestInfrastructure;
import io.parley.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./benchmark audit}: how fast {@code ./parley audit export} reads the log back, and in how
 * little memory, and how fast {@code ./parley audit replay} re-runs recorded commands. Writes a
 * conversation log of the given size to a broker and registry of its own, then runs the export as
 * {@code ./parley} does, in a JVM of its own with a 256 MB heap, once per format. For the replay it
 * writes conversations decided by the engine's own topology (the demo bot, embeddings included) and
 * re-runs them in a JVM of its own.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Speed and memory of ./parley audit export, and speed of ./parley audit replay, on logs written for the purpose.")
public final class AuditBenchmark implements Callable<Integer> {

    @Option(names = "--events", defaultValue = "1000000", description = "Events written, then exported (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--sessions", defaultValue = "10000", description = "Conversations they belong to (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--heap", defaultValue = "256m", description = "The exporting JVM's heap (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--commands", defaultValue = "50000",
            description = "Commands recorded, then re-run by audit replay (default: ${DEFAULT-VALUE}; 0 skips the replay).")
    int commands;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AuditBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        SharedTestInfrastructure infra = SharedTestInfrastructure.get();
        if (events > 0 && exportBenchmark(infra) != 0) {
            return 1;
        }
        return commands > 0 ? new ReplayBenchmark(infra, commands).run() : 0;
    }

    private int exportBenchmark(SharedTestInfrastructure infra) throws Exception {
        long started = System.nanoTime();
        write(infra);
        double writeSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("wrote %,d events in %,d conversations: %.1f s (%,.0f events/s)%n", events, sessions, writeSeconds,
                events / writeSeconds);
        Path dir = Files.createTempDirectory("audit-benchmark");
        for (String format : List.of("jsonl", "csv", "avro")) {
            Path out = dir.resolve("export." + format);
            long begin = System.nanoTime();
            int status = ParleyProcess.run(List.of("-Xmx" + heap), "audit", "export", "--bootstrap", infra.bootstrapServers(),
                    "--registry", infra.registryUrl(), "--bot", "benchmark/1", "--format", format, "-o", out.toString()).status();
            double seconds = (System.nanoTime() - begin) / 1e9;
            if (status != 0) {
                System.out.printf("export as %s failed (exit %d)%n", format, status);
                return 1;
            }
            long lines = format.equals("avro") ? events : Files.lines(out).count() - (format.equals("csv") ? 1 : 0);
            System.out.printf("export %s, -Xmx%s: %,d events in %.1f s, %,.0f events/s (JVM start included), %,d MB written%n",
                    format, heap, lines, seconds, lines / seconds, Files.size(out) / (1024 * 1024));
            Files.delete(out);
        }
        return 0;
    }

    /** A log like the engine's: each turn a user's text and the bot's answer, conversations interleaved. */
    private void write(SharedTestInfrastructure infra) throws Exception {
        Serializer<ConversationEvent> serializer = infra.newSerdes().valueSerde(Topics.EVENTS).serializer();
        Instant start = Instant.parse("2026-03-03T08:00:00Z");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < events; i++) {
                String session = "benchmark:1:conversation-" + (i % sessions);
                int turn = i / sessions;
                Object payload = turn % 2 == 0
                        ? new UserSaid("what are your opening hours on Saturday?", "welcome", null, null)
                        : new BotSaid("hours", List.of(new BotMessage(MessageType.TEXT,
                                "The clinic is open on weekdays from 07:30 to 16:00, and on Saturdays from 08:00 to 12:00.", List.of())));
                ConversationEvent event = ConversationEvent.newBuilder()
                        .setEventId("c" + i + "/0").setSessionId(session).setCompany("benchmark").setBotId(1)
                        .setOccurredAt(start.plusSeconds(i)).setCausationId("c" + i).setBotVersion(1_700_000_000_000L)
                        .setPayload(payload).build();
                producer.send(new ProducerRecord<>(Topics.EVENTS.name(), session, serializer.serialize(Topics.EVENTS.name(), event)));
            }
            producer.flush();
        }
    }
}
