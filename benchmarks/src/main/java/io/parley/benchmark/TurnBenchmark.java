package io.parley.benchmark;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.parley.benchmark.TalkrClient.Answer;
import io.parley.infra.FreePorts;
import io.parley.localstack.LocalStack;

/**
 * How long a turn takes through Parley, and how many turns it answers, over the TALKR web dialect on
 * real HTTP; next to a bare Kafka round trip on the same broker, so the figures say what Parley adds
 * to Kafka. Starts its own local stack on free ports in a temporary folder, or drives a running one
 * ({@code --url}, with {@code --bootstrap} for the baseline).
 */
public final class TurnBenchmark {

    private static final double GOAL_P50_MS = 10;
    private static final double GOAL_P99_MS = 50;
    private static final double GOAL_TURNS_PER_SECOND = 1_000;
    /** Both lead the demo bot to block anything-else, which accepts them again: a conversation never ends. */
    private static final List<String> TEXTS = List.of("pricing", "how does it work");
    private static final String TRACKING_AFTER_START = "welcome";
    private static final String TRACKING_AFTER_TURN = "anything-else";
    static final long WORDS_ONLY_BOT_ID = 101;
    /** Sequential turns alternate between the two bots in blocks this long, so both see the same host. */
    private static final int COMPARISON_BLOCK = 100;
    /** A few sessions, so the sequential turns are not all on one partition. */
    private static final int SEQUENTIAL_SESSIONS = 4;
    private static final int PRINTED_ERRORS = 20;
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Options options;
    private final TalkrClient talkr;
    private final TalkrClient wordsOnly;
    private final AtomicLong errors = new AtomicLong();
    private static final AtomicLong TEXT_NUMBER = new AtomicLong();

    private TurnBenchmark(Options options, URI url) {
        this.options = options;
        this.talkr = new TalkrClient(url);
        this.wordsOnly = new TalkrClient(url, TalkrClient.WORDS_ONLY_BOT_PATH);
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.println(Options.USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        int status;
        try (Target target = Target.open(options)) {
            status = new TurnBenchmark(options, target.url()).run(target.bootstrapServers());
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        // The HTTP and Kafka clients' threads must not keep the JVM up.
        System.exit(status);
    }

    private int run(String bootstrapServers) throws Exception {
        System.out.printf("%nTALKR endpoint %s, Kafka %s, %d cores, Java %s%n", talkr.endpoint(), bootstrapServers,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        CpuShare wholeRun = CpuShare.begin();

        System.out.printf("%n[1/3] bare Kafka round trip: %,d after %,d warm-up%n",
                options.baselineRoundTrips(), options.baselineWarmup());
        CpuShare phase = CpuShare.begin();
        Latencies.Summary baseline;
        try (KafkaRoundTrip kafka = new KafkaRoundTrip(bootstrapServers)) {
            baseline = kafka.measure(options.baselineWarmup(), options.baselineRoundTrips());
        }
        System.out.printf("      p50 %.2f ms, p99 %.2f ms, max %.2f ms%s%n", baseline.p50(), baseline.p99(), baseline.max(),
                cpuLine(phase));

        if (options.loadWarmup() > 0) {
            // Both cores compile the hot paths (C2) for the first minute under load: measure what follows.
            System.out.printf("%n[warm-up] %,d sessions x %d turns, at most %d requests in flight, not measured%n",
                    options.loadWarmup(), options.sessionTurns(), options.inFlight());
            phase = CpuShare.begin();
            Sustained warmup = sustained(options.loadWarmup());
            System.out.printf("      %,d requests in %.1f s: %,.0f/s, errors %d%s%n", warmup.answered(), warmup.seconds(),
                    warmup.perSecond(), warmup.errors(), cpuLine(phase));
        }

        System.out.printf("%n[2/3] sequential turns: %,d after %,d warm-up, over %d sessions; each text new (nothing cached)%n",
                options.turns(), options.warmup(), SEQUENTIAL_SESSIONS);
        phase = CpuShare.begin();
        long errorsBefore = errors.get();
        Comparison sequential = sequential();
        long sequentialErrors = errors.get() - errorsBefore;
        System.out.printf("      p50 %.2f ms, p99 %.2f ms, max %.2f ms, errors %d%s%n",
                sequential.embeddings().p50(), sequential.embeddings().p99(), sequential.embeddings().max(), sequentialErrors,
                cpuLine(phase));
        sequential.wordsOnly().ifPresent(words -> System.out.printf(
                "      the same bot ranking on words alone (no sentence encoder): p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                words.p50(), words.p99(), words.max()));

        System.out.printf("%n[3/3] sustained: %,d sessions x %d turns, at most %d requests in flight%n",
                options.sessions(), options.sessionTurns(), options.inFlight());
        phase = CpuShare.begin();
        Sustained sustained;
        Latencies.Summary analyticsLag;
        Duration analyticsCatchUp;
        try (AnalyticsLag lag = new AnalyticsLag(bootstrapServers, AnalyticsLag.SERVICE_GROUP).start()) {
            sustained = sustained(options.sessions());
            analyticsLag = lag.summary();
            analyticsCatchUp = lag.awaitCaughtUp(Duration.ofMinutes(2));
        }
        System.out.printf("      %,d requests (%,d starts + %,d turns) answered in %.1f s: %,.0f/s (turns only %,.0f/s); "
                        + "p50 %.1f ms, p99 %.1f ms, max %.1f ms; errors %d%s%n",
                sustained.answered(), sustained.answered() - sustained.userTurns(), sustained.userTurns(),
                sustained.seconds(), sustained.perSecond(), sustained.userTurns() / sustained.seconds(),
                sustained.latency().p50(), sustained.latency().p99(), sustained.latency().max(), sustained.errors(),
                cpuLine(phase));
        System.out.printf("      analytics lag (how long until what was written by then is counted, every 250 ms): p50 %.0f ms, p99 %.0f ms, "
                        + "max %.0f ms; caught up %s after the load%n", analyticsLag.p50(), analyticsLag.p99(), analyticsLag.max(),
                analyticsCatchUp == null ? "not within 2 min" : analyticsCatchUp.toMillis() + " ms");
        new ClientMetrics().print();

        printSummary(sequential, sequentialErrors, sustained, baseline);
        System.out.printf("analytics lag under that load: p99 %.0f ms, max %.0f ms (goal < 2,000 ms: %s)%n", analyticsLag.p99(),
                analyticsLag.max(), analyticsLag.max() < 2_000 ? "met" : "NOT MET");
        double others = wholeRun.otherCores();
        System.out.printf("other processes on this machine used %.2f cores on average during the run%s%n", others,
                others > 0.2 ? ": the figures are pessimistic, run again on a quiet machine" : "");
        return errors.get() == 0 ? 0 : 1;
    }

    /** Sequential turns through the demo bot, and, where the stack has it, its words-only copy, in alternating blocks. */
    private record Comparison(Latencies.Summary embeddings, java.util.Optional<Latencies.Summary> wordsOnly) {
    }

    private Comparison sequential() {
        List<Conversation> withEmbeddings = conversations(talkr);
        List<Conversation> withWords = hasWordsOnlyBot() ? conversations(wordsOnly) : List.of();
        talk(withEmbeddings, options.warmup(), null);
        talk(withWords, options.warmup(), null);
        Latencies embeddings = new Latencies(options.turns());
        Latencies words = new Latencies(options.turns());
        for (int done = 0; done < options.turns(); done += COMPARISON_BLOCK) {
            int block = Math.min(COMPARISON_BLOCK, options.turns() - done);
            talk(withEmbeddings, block, embeddings);
            talk(withWords, block, words);
        }
        return new Comparison(embeddings.summary(), withWords.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(words.summary()));
    }

    private List<Conversation> conversations(TalkrClient client) {
        List<Conversation> conversations = new ArrayList<>();
        for (int i = 0; i < SEQUENTIAL_SESSIONS; i++) {
            Conversation conversation = new Conversation(client, Integer.MAX_VALUE, true);
            Answer answer = await(conversation.next());
            if (answer == null || !conversation.accept(answer)) {
                throw new IllegalStateException("could not start a session; see the errors above");
            }
            conversations.add(conversation);
        }
        return conversations;
    }

    /** Whether the stack has the words-only copy of the demo bot (a running stack may not). */
    private boolean hasWordsOnlyBot() {
        Answer answer = await(wordsOnly.start());
        boolean found = answer != null && answer.status() == 200;
        if (!found) {
            System.out.printf("      (no bot at %s: the comparison with ranking on words alone is skipped)%n", wordsOnly.endpoint());
        }
        return found;
    }

    /** One turn at a time, round robin over the conversations. */
    private void talk(List<Conversation> conversations, int turns, Latencies latencies) {
        for (int i = 0; i < turns; i++) {
            Conversation conversation = conversations.get(i % conversations.size());
            Answer answer = await(conversation.next());
            if (answer != null) {
                if (latencies != null) {
                    latencies.record(answer.nanos());
                }
                conversation.accept(answer);
            }
        }
    }

    /**
     * Every session open at once: each starts, then takes its turns one after another, while a
     * dispatcher keeps at most {@code inFlight} requests outstanding, as a fleet of widgets would.
     */
    private Sustained sustained(int sessions) throws InterruptedException {
        int turns = options.sessionTurns();
        Latencies latencies = new Latencies(sessions * (turns + 1));
        long errorsBefore = errors.get();
        Semaphore inFlight = new Semaphore(options.inFlight());
        BlockingQueue<Conversation> ready = new LinkedBlockingQueue<>();
        List<Conversation> conversations = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            conversations.add(new Conversation(turns));
        }
        ready.addAll(conversations);
        CountDownLatch finished = new CountDownLatch(sessions);
        AtomicLong answered = new AtomicLong();

        long start = System.nanoTime();
        long nextProgress = start + PROGRESS_EVERY_NANOS;
        while (finished.getCount() > 0) {
            if (System.nanoTime() >= nextProgress) {
                nextProgress += PROGRESS_EVERY_NANOS;
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("      ... %,d requests answered in %.0f s (%,.0f/s), %d errors%n",
                        answered.get(), seconds, answered.get() / seconds, errors.get() - errorsBefore);
            }
            // Timed waits, so progress is printed even while everything is in flight.
            if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                continue;
            }
            Conversation conversation = ready.poll(100, TimeUnit.MILLISECONDS);
            if (conversation == null) {
                inFlight.release();
                continue;
            }
            conversation.next().whenComplete((answer, failure) -> {
                inFlight.release();
                boolean ok;
                if (failure != null) {
                    error("request failed: " + describe(failure));
                    ok = false;
                } else {
                    latencies.record(answer.nanos());
                    ok = conversation.accept(answer);
                }
                if (ok) {
                    answered.incrementAndGet();
                }
                // A session that failed is dropped: its tracking is no longer known.
                if (ok && !conversation.done()) {
                    ready.add(conversation);
                } else {
                    finished.countDown();
                }
            });
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long userTurns = conversations.stream().mapToLong(Conversation::turnsTaken).sum();
        return new Sustained(answered.get(), userTurns, seconds, latencies.summary(), errors.get() - errorsBefore);
    }

    private void printSummary(Comparison comparison, long sequentialErrors, Sustained sustained,
                              Latencies.Summary baseline) {
        Latencies.Summary sequential = comparison.embeddings();
        double ratioP50 = sequential.p50() / baseline.p50();
        double ratioP99 = sequential.p99() / baseline.p99();
        System.out.printf("%n=== summary (paste into the README) ===%n");
        System.out.printf("sequential turns (n=%d): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                sequential.count(), sequential.p50(), sequential.p99(), sequential.max());
        comparison.wordsOnly().ifPresent(words -> System.out.printf(
                "same turns ranked on words alone (n=%d): p50 %.1f ms, p99 %.1f ms; sentence embeddings add %.1f ms at p50%n",
                words.count(), words.p50(), words.p99(), sequential.p50() - words.p50()));
        System.out.printf("%,d sessions x %d turns: %,.0f turns/s, p99 %.0f ms, errors %d%n",
                options.sessions(), options.sessionTurns(), sustained.perSecond(), sustained.latency().p99(),
                sustained.errors());
        System.out.printf("bare Kafka round trip (produce->consume->produce->consume): p50 %.1f ms, p99 %.1f ms%n",
                baseline.p50(), baseline.p99());
        System.out.printf("ratio TALKR/Kafka: p50 %.1f, p99 %.1f%n", ratioP50, ratioP99);
        System.out.printf("(turns/s counts every answered request, starts included: %,d requests in %.1f s; "
                        + "%d cores, Java %s, %d requests in flight)%n",
                sustained.answered(), sustained.seconds(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), options.inFlight());
        System.out.printf("goals:%n");
        System.out.printf("  sequential p50 <= %.0f ms: %s%n", GOAL_P50_MS,
                verdict(sequential.p50() <= GOAL_P50_MS, sequentialErrors));
        System.out.printf("  sequential p99 <= %.0f ms: %s%n", GOAL_P99_MS,
                verdict(sequential.p99() <= GOAL_P99_MS, sequentialErrors));
        System.out.printf("  >= %,.0f turns/s with %,d sessions: %s%n", GOAL_TURNS_PER_SECOND, options.sessions(),
                verdict(sustained.perSecond() >= GOAL_TURNS_PER_SECOND, sustained.errors()));
        if (errors.get() > 0) {
            System.out.printf("%n!!! THIS RUN HAD %d ERRORS (see the ERROR lines above): its figures are not valid.%n",
                    errors.get());
        } else {
            System.out.printf("no errors%n");
        }
    }

    /** Who used the cores during a phase, on a line of its own; other work on the machine is called out. */
    private static String cpuLine(CpuShare phase) {
        String note = phase.otherCores() > 0.2 ? " -- NOTE: other processes were busy, figures are pessimistic" : "";
        return String.format("%n      %s%s", phase.describe(), note);
    }

    private static String verdict(boolean met, long errors) {
        if (errors > 0) {
            return "NOT MET (" + errors + " errors)";
        }
        return met ? "met" : "NOT MET";
    }

    /** Waits for an answer; null (and an error counted) when the request itself failed. */
    private Answer await(CompletableFuture<Answer> request) {
        try {
            return request.join();
        } catch (CompletionException e) {
            error("request failed: " + describe(e));
            return null;
        }
    }

    private void error(String what) {
        long n = errors.incrementAndGet();
        if (n <= PRINTED_ERRORS) {
            System.out.println("ERROR " + what);
        }
        if (n == PRINTED_ERRORS) {
            System.out.println("ERROR (further errors are counted, not printed)");
        }
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause.toString();
    }

    private static String abbreviate(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }

    /** One session's progress. Touched by one request at a time, but from different threads. */
    private final class Conversation {
        private final TalkrClient client;
        private final boolean newTexts;
        private final int turnsWanted;
        private volatile String session;
        private volatile String tracking;
        private volatile int turnsTaken;

        Conversation(int turnsWanted) {
            this(talkr, turnsWanted, false);
        }

        Conversation(TalkrClient client, int turnsWanted, boolean newTexts) {
            this.client = client;
            this.turnsWanted = turnsWanted;
            this.newTexts = newTexts;
        }

        CompletableFuture<Answer> next() {
            if (session == null) {
                return client.start();
            }
            String text = TEXTS.get(turnsTaken % TEXTS.size());
            // A text never sent before is encoded afresh: no cache answers for it.
            return client.say(session, tracking, newTexts ? text + " " + TEXT_NUMBER.incrementAndGet() : text);
        }

        /** Takes an answer in; false, with the error counted, unless it is a 200 where the bot should be. */
        boolean accept(Answer answer) {
            boolean starting = session == null;
            String expected = starting ? TRACKING_AFTER_START : TRACKING_AFTER_TURN;
            if (answer.status() != 200) {
                error("HTTP " + answer.status() + " to a " + (starting ? "start" : "turn") + ": " + abbreviate(answer.body()));
                return false;
            }
            if (!expected.equals(answer.tracking()) || answer.session() == null) {
                error("expected tracking " + expected + ", got " + answer.tracking() + ": " + abbreviate(answer.body()));
                return false;
            }
            session = answer.session();
            tracking = answer.tracking();
            if (!starting) {
                turnsTaken++;
            }
            return true;
        }

        boolean done() {
            return turnsTaken >= turnsWanted;
        }

        int turnsTaken() {
            return turnsTaken;
        }
    }

    /** The sustained phase: successful requests (starts and turns) over the whole phase. */
    private record Sustained(long answered, long userTurns, double seconds, Latencies.Summary latency, long errors) {
        double perSecond() {
            return answered / seconds;
        }
    }

    /** The stack under test: our own, on free ports in a temporary folder, or one already running. */
    private static final class Target implements AutoCloseable {
        private final URI url;
        private final String bootstrapServers;
        private final LocalStack stack;
        private final Path dataDir;

        private Target(URI url, String bootstrapServers, LocalStack stack, Path dataDir) {
            this.url = url;
            this.bootstrapServers = bootstrapServers;
            this.stack = stack;
            this.dataDir = dataDir;
        }

        static Target open(Options options) throws Exception {
            if (options.url() != null) {
                return new Target(options.url(), options.bootstrap(), null, null);
            }
            Path dataDir = Files.createTempDirectory("parley-benchmark-");
            LocalStack stack = new LocalStack(new LocalStack.Settings(dataDir, withWordsOnlyCopy(options.botsDir(), dataDir),
                    FreePorts.next(), FreePorts.next(), FreePorts.next(), 0, 0, 0, 0, 3));
            // Ctrl-C stops the services before the broker, as the local stack's own run command does.
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "benchmark-stop"));
            try {
                stack.start();
            } catch (Exception e) {
                stack.close();
                delete(dataDir);
                throw e;
            }
            return new Target(URI.create("http://127.0.0.1:" + stack.ingestPort()), stack.bootstrapServers(), stack, dataDir);
        }

        /**
         * The bots to publish: those of {@code bots}, and the demo bot again as bot {@value #WORDS_ONLY_BOT_ID}
         * with a classifier that reads words alone, so one run measures the turn path with and without
         * sentence embeddings.
         */
        private static Path withWordsOnlyCopy(Path bots, Path dataDir) throws IOException {
            Path copy = Files.createDirectories(dataDir.resolve("bots"));
            try (Stream<Path> files = Files.list(bots)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, copy.resolve(file.getFileName()));
                }
            }
            Path demo = bots.resolve("parley-demo-1.yaml");
            if (Files.exists(demo)) {
                String wordsOnly = Files.readString(demo).replaceFirst("(?m)^botId: 1$",
                        "botId: " + WORDS_ONLY_BOT_ID + "\nsentenceEmbeddings: false");
                Files.writeString(copy.resolve("parley-demo-" + WORDS_ONLY_BOT_ID + ".yaml"), wordsOnly);
            }
            return copy;
        }

        URI url() {
            return url;
        }

        String bootstrapServers() {
            return bootstrapServers;
        }

        @Override
        public void close() {
            if (stack == null) {
                return;
            }
            stack.close();
            delete(dataDir);
        }

        private static void delete(Path dataDir) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not delete " + dataDir + ": " + e);
            }
        }
    }

    /** Command-line options: {@code --name value} pairs. */
    record Options(URI url, String bootstrap, Path botsDir, int loadWarmup, int warmup, int turns, int sessions,
                   int sessionTurns, int inFlight, int baselineWarmup, int baselineRoundTrips) {

        static final String USAGE = """
                usage: TurnBenchmark [options]
                  --url http://host:port    drive a running stack (default: start one on free ports)
                  --bootstrap host:port     its broker, for the Kafka baseline (required with --url)
                  --bots DIR                bots for the own stack (default: bots)
                  --load-warmup N           sessions run like the sustained phase, unmeasured, before the
                                            sequential and sustained phases (default 3000; 0 for none)
                  --warmup N                sequential warm-up turns (default 500)
                  --turns N                 sequential measured turns (default 2000)
                  --sessions N              sustained: concurrent sessions (default 10000)
                  --session-turns N         sustained: turns per session after its start (default 5)
                  --in-flight N             sustained: most requests outstanding at once (default 256)
                  --baseline-warmup N       Kafka round trips before measuring (default 500)
                  --baseline N              Kafka round trips measured (default 2000)""";

        static Options parse(String[] args) {
            Map<String, String> given = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (!name.startsWith("--") || i + 1 == args.length) {
                    throw new IllegalArgumentException("expected --name value, got '" + name + "'");
                }
                given.put(name.substring(2).toLowerCase(Locale.ROOT), args[++i]);
            }
            URI url = given.containsKey("url") ? URI.create(given.remove("url")) : null;
            String bootstrap = given.remove("bootstrap");
            if (url != null && bootstrap == null) {
                throw new IllegalArgumentException("--url needs --bootstrap host:port for the Kafka baseline");
            }
            Options options = new Options(url, bootstrap, Path.of(given.getOrDefault("bots", "bots")).toAbsolutePath(),
                    number(given, "load-warmup", 3000), number(given, "warmup", 500), number(given, "turns", 2000),
                    number(given, "sessions", 10_000), number(given, "session-turns", 5),
                    number(given, "in-flight", 256), number(given, "baseline-warmup", 500),
                    number(given, "baseline", 2000));
            given.remove("bots");
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("unknown options: " + given.keySet());
            }
            return options;
        }

        private static int number(Map<String, String> given, String name, int byDefault) {
            String value = given.remove(name);
            if (value == null) {
                return byDefault;
            }
            try {
                int parsed = Integer.parseInt(value.replace("_", "").replace(",", ""));
                if (parsed < (name.endsWith("warmup") ? 0 : 1)) {
                    throw new NumberFormatException();
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be a positive number, got '" + value + "'");
            }
        }
    }
}
