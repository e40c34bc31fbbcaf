package io.parley.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import io.parley.avro.BotDefinition;
import io.parley.avro.Channel;
import io.parley.avro.SessionState;
import io.parley.engine.testing.EngineHarness;
import io.parley.engine.testing.PlainAvroSerdes;
import io.parley.engine.testing.TestBots;
import io.parley.engine.topology.EngineTopology;
import io.parley.topics.RegistrySerdes;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The engine's state at scale, on its real topology (TopologyTestDriver, RocksDB stores, no broker):
 * how many bytes a live session takes in the session store, and what the expiry scan, which reads a
 * slice of the store every {@code parley.engine.expiry-scan-interval}, costs the stream thread at that size.
 */
@Command(name = "sessions", mixinStandardHelpOptions = true,
        description = "Bytes per live session and the expiry scan's cost at 100,000 sessions.")
public final class SessionStoreBenchmark implements Callable<Integer> {

    /** The goal for a live session in the store. */
    private static final double GOAL_BYTES_PER_SESSION = 1536;
    /** The registry's framing (magic byte and schema id) on every stored value, which plain Avro lacks. */
    private static final int REGISTRY_FRAMING = 5;
    private static final int REAL_SESSIONS = 2_000;

    @Option(names = "--sessions", defaultValue = "100000", description = "live sessions (default: ${DEFAULT-VALUE})")
    int sessions;

    @Option(names = "--scans", defaultValue = "10", description = "expiry scans timed at the end (default: ${DEFAULT-VALUE})")
    int scans;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SessionStoreBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        RegistrySerdes.trustParleyRecords();
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        BotDefinition bot = TestBots.demo();
        try (EngineHarness engine = new EngineHarness(now)) {
            engine.publish(bot);
            // Real sessions through the topology (the driver commits, and so flushes RocksDB, after every
            // record: a few thousand only), then copies of them under new ids up to the count asked for.
            int real = Math.min(sessions, REAL_SESSIONS);
            for (int i = 1; i <= real; i++) {
                // A start and one answered question: the session waits at "Anything else?", as most live ones do.
                String session = "session-" + i;
                engine.send(bot, session, EngineHarness.start(), Channel.WEB, now);
                engine.send(bot, session, EngineHarness.say("what is the price?", "welcome"), Channel.WEB, now);
                if (i % 500 == 0) {
                    drainOutputs(engine);
                }
            }
            for (int i = real + 1; i <= sessions; i++) {
                SessionState copy = SessionState.newBuilder(engine.sessions.get("session-" + (1 + i % real)))
                        .setSessionId("session-" + i).build();
                engine.sessions.put("session-" + i, copy);
                if (i % Math.max(1, sessions / 5) == 0) {
                    System.out.printf("%,d sessions: expiry scan %.1f ms%n", i, scanMillis(engine, 1)[0]);
                }
            }
            drainOutputs(engine);
            long[] sizes = storedSizes(engine);
            double mean = Arrays.stream(sizes).average().orElse(0);
            double[] scan = scanMillis(engine, scans);
            System.out.printf("%nlive sessions: %,d%n", sizes.length);
            System.out.printf("bytes per session in the store (key + value as stored): mean %.0f, p99 %d, max %d (goal <= %.0f: %s)%n",
                    mean, sizes[(int) Math.ceil(0.99 * sizes.length) - 1], sizes[sizes.length - 1], GOAL_BYTES_PER_SESSION,
                    mean <= GOAL_BYTES_PER_SESSION ? "met" : "NOT MET");
            System.out.printf("the session store on disk (RocksDB, after a flush): %.1f MB, %.0f bytes per session%n",
                    storeBytesOnDisk(engine) / 1e6, (double) storeBytesOnDisk(engine) / sizes.length);
            System.out.printf(Locale.ROOT, "one expiry scan (at most %,d sessions; no session idle): median %.1f ms, max %.1f ms, every %d s%n",
                    EngineTopology.DEFAULT_EXPIRY_SCAN_SLICE, scan[scan.length / 2], scan[scan.length - 1],
                    EngineHarness.EXPIRY_SCAN.toSeconds());
        }
        return 0;
    }

    /** Times {@code count} expiry scans (the punctuator runs when the wall clock passes its interval); sorted. */
    private static double[] scanMillis(EngineHarness engine, int count) {
        double[] millis = new double[count];
        for (int i = 0; i < count; i++) {
            long began = System.nanoTime();
            engine.driver.advanceWallClockTime(EngineHarness.EXPIRY_SCAN);
            millis[i] = (System.nanoTime() - began) / 1e6;
        }
        Arrays.sort(millis);
        return millis;
    }

    /** Every session's key and value as the store holds them (the value in the registry's framing); sorted. */
    private static long[] storedSizes(EngineHarness engine) {
        Serializer<SessionState> values = new PlainAvroSerdes().storeSerde(EngineTopology.SESSIONS_STORE, SessionState.class)
                .serializer();
        long[] sizes = new long[(int) engine.sessions.approximateNumEntries() + 1024];
        int count = 0;
        try (KeyValueIterator<String, SessionState> all = engine.sessions.all()) {
            while (all.hasNext()) {
                KeyValue<String, SessionState> entry = all.next();
                if (count == sizes.length) {
                    sizes = Arrays.copyOf(sizes, count * 2);
                }
                sizes[count++] = entry.key.getBytes(StandardCharsets.UTF_8).length
                        + values.serialize("sessions", entry.value).length + REGISTRY_FRAMING;
            }
        }
        long[] found = Arrays.copyOf(sizes, count);
        Arrays.sort(found);
        return found;
    }

    private static long storeBytesOnDisk(EngineHarness engine) throws IOException {
        engine.sessions.flush();
        try (Stream<Path> files = Files.walk(engine.stateDirectory())) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.toString().contains(EngineTopology.SESSIONS_STORE))
                    .mapToLong(file -> file.toFile().length()).sum();
        }
    }

    /** The driver keeps every output record until read: read them, or 100,000 sessions fill the heap. */
    private static void drainOutputs(EngineHarness engine) {
        ByteArrayDeserializer bytes = new ByteArrayDeserializer();
        List<String> topics = List.copyOf(engine.driver.producedTopicNames());
        for (String topic : topics) {
            engine.driver.createOutputTopic(topic, bytes, bytes).readRecordsToList();
        }
    }
}
