package io.parley.benchmark.faults;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.parley.topics.RegistrySerdes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The fault run: Parley deployed as in production (three brokers, the registry, two instances of each
 * service, each its own process) under a steady load of TALKR, module and Botlhale conversations, while
 * one process after another is killed ({@code kill -9}) and started again. Then it counts, from the
 * clients and from the event log, what was lost, what was applied twice, which webhook calls never
 * arrived, what the clients saw and how long affected sessions waited.
 */
@Command(name = "faults", mixinStandardHelpOptions = true,
        description = "Kills each kind of process under load and counts lost and doubled turns (about 10 minutes).")
public final class FaultRun implements Callable<Integer> {

    @Option(names = "--standby-replicas", defaultValue = "1", description = "the engine's warm store copies (default: ${DEFAULT-VALUE})")
    int standbyReplicas;

    @Option(names = "--rate", defaultValue = "2", description = "new conversations a second (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--calm", defaultValue = "40", description = "seconds of load before the first fault and between faults (default: ${DEFAULT-VALUE})")
    int calmSeconds;

    @Option(names = "--down", defaultValue = "15", description = "seconds a killed process stays down (default: ${DEFAULT-VALUE})")
    int downSeconds;

    @Option(names = "--warmup", defaultValue = "60", description = "seconds of load before anything is counted: six JVMs "
            + "compiling their hot code share two cores at first (default: ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--faults", split = ",", defaultValue = "ingest,engine,delivery,broker,registry",
            description = "the faults, in order (default: ${DEFAULT-VALUE}); none: a steady run")
    List<String> faultNames;

    @Option(names = "--kafka-feature", description = "a feature level the cluster is formatted with, name=level "
            + "(repeatable), e.g. transaction.version=1")
    List<String> kafkaFeatures = new ArrayList<>();

    @Option(names = "--property", description = "a setting for every service instance, key=value (repeatable)")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--project", defaultValue = ".", description = "the project folder, with the built services and bots/")
    Path projectDir;

    /** A fault: what it does, when it began (nanoTime) and when the process was back. */
    private record Fault(String name, long at, long back) {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new FaultRun()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        RegistrySerdes.trustParleyRecords();
        Path dataDir = Files.createTempDirectory("parley-faults-");
        System.out.printf("fault run: data and logs in %s; standby replicas %d, %.1f conversations/s%n", dataDir,
                standbyReplicas, rate);
        long began = System.nanoTime();
        try (Deployment parley = Deployment.start(projectDir.toAbsolutePath().normalize(), dataDir, standbyReplicas, kafkaFeatures, properties)) {
            System.out.printf("deployed in %.0f s: %d brokers, the registry, %d ingest, %d engine, %d delivery instances%n",
                    seconds(System.nanoTime() - began), Deployment.BROKERS, parley.ingest.size(), parley.engines.size(),
                    parley.delivery.size());
            Ledger ledger = new Ledger();
            Conversations users = prepare(parley, ledger);
            List<Fault> faults = new ArrayList<>();
            ExecutorService clients = Executors.newCachedThreadPool();
            Thread load = new Thread(() -> offer(users, clients), "load");
            load.start();
            Thread progress = new Thread(() -> progress(ledger), "progress");
            progress.setDaemon(true);
            progress.start();
            System.out.printf("warm-up: %d s of load, not counted%n", warmupSeconds);
            pause(warmupSeconds);
            ledger.clear();
            long loadStart = System.nanoTime();
            pause(calmSeconds);
            for (String fault : faultNames) {
                faults.add(switch (fault) {
                    case "ingest" -> killAndRestart("kill -9 ingest-1", parley.ingest.get(0));
                    case "engine" -> killAndRestart("kill -9 engine-1", parley.engines.get(0));
                    case "delivery" -> killAndRestart("kill -9 delivery-1", parley.delivery.get(0));
                    case "broker" -> killBroker(parley, 2);
                    case "registry" -> restartRegistry(parley);
                    case "none" -> null;
                    default -> throw new CommandLine.ParameterException(new CommandLine(this), "unknown fault " + fault);
                });
                faults.removeIf(java.util.Objects::isNull);
                pause(calmSeconds);
            }
            load.interrupt();
            load.join();
            long loadEnd = System.nanoTime();
            clients.shutdown();
            System.out.println("load stopped; waiting for the conversations in flight to finish");
            clients.awaitTermination(3, TimeUnit.MINUTES);
            return report(parley, users, ledger, faults, loadStart, loadEnd);
        } finally {
            if (customerServer != null) {
                customerServer.close();
            }
            System.out.printf("logs and data: %s%n", dataDir);
        }
    }

    private Conversations prepare(Deployment parley, Ledger ledger) throws Exception {
        for (String file : List.of("parley-demo-1.yaml", "parley-demo-5.yaml")) {
            parley.publish(Files.readString(projectDir.resolve("bots").resolve(file)));
        }
        parley.publish(MODULE_BOT);
        // The customer's backend validates through the measured clients, once they exist.
        AtomicReference<Conversations> validator = new AtomicReference<>();
        AtomicReference<Deployment.Customer> customer = new AtomicReference<>();
        customerServer = new CustomerServer(payload -> validator.get().validate(payload, customer.get()));
        customer.set(parley.signUp(List.of("parley-demo/5", "faults/2"), customerServer.url()));
        List<URI> ingest = parley.ingest.stream().map(ServiceInstance::url).toList();
        Conversations users = new Conversations(ingest, ledger, customer.get().token());
        validator.set(users);
        // Every instance knows the bots, the account and the webhook before the measured load begins.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        for (URI instance : ingest) {
            while (!users.answersEveryKind(instance)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(instance + " does not answer every kind of conversation");
                }
                TimeUnit.SECONDS.sleep(1);
            }
        }
        return users;
    }

    private CustomerServer customerServer;

    private void offer(Conversations users, ExecutorService clients) {
        long gapMillis = Math.round(1000 / rate);
        for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
            int kind = i % 3;
            clients.submit(() -> {
                switch (kind) {
                    case 0 -> users.talkr();
                    case 1 -> users.module();
                    default -> users.botlhale();
                }
                return null;
            });
            try {
                TimeUnit.MILLISECONDS.sleep(gapMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Every 15 s: what the clients saw in the last 15 s. */
    private static void progress(Ledger ledger) {
        long[] seen = {0, 0};
        while (true) {
            try {
                TimeUnit.SECONDS.sleep(15);
            } catch (InterruptedException e) {
                return;
            }
            List<Ledger.Success> successes = ledger.successes();
            List<Ledger.Failure> failures = ledger.failures();
            long since = System.nanoTime() - TimeUnit.SECONDS.toNanos(15);
            Map<String, Long> recent = new TreeMap<>(failures.stream().filter(f -> f.at() >= since)
                    .collect(Collectors.groupingBy(Ledger.Failure::what, Collectors.counting())));
            System.out.printf("  ... %d answered, failed attempts in the last 15 s: %s%n",
                    successes.stream().filter(s -> s.at() >= since).count(), recent.isEmpty() ? "none" : recent);
        }
    }

    private Fault killAndRestart(String name, ServiceInstance instance) throws Exception {
        System.out.printf("%s%n", name);
        long at = System.nanoTime();
        instance.kill();
        pause(downSeconds);
        instance.start();
        instance.awaitReady();
        long back = System.nanoTime();
        System.out.printf("  %s back after %.1f s%n", instance.name(), seconds(back - at));
        return new Fault(name, at, back);
    }

    private Fault killBroker(Deployment parley, int node) throws Exception {
        String name = "kill -9 kafka node " + node;
        System.out.println(name);
        long at = System.nanoTime();
        parley.kafka.kill(node);
        pause(downSeconds);
        parley.kafka.restart(node);
        long back = System.nanoTime();
        System.out.printf("  kafka node %d back after %.1f s%n", node, seconds(back - at));
        return new Fault(name, at, back);
    }

    private Fault restartRegistry(Deployment parley) throws Exception {
        System.out.println("restart the registry");
        long at = System.nanoTime();
        parley.stopRegistry();
        parley.startRegistry();
        long back = System.nanoTime();
        System.out.printf("  registry back after %.1f s%n", seconds(back - at));
        return new Fault("restart the registry", at, back);
    }

    private int report(Deployment parley, Conversations users, Ledger ledger, List<Fault> faults, long loadStart, long loadEnd)
            throws InterruptedException {
        LogAudit audit = settledAudit(parley);
        Map<String, Integer> received = customerServer.receivedKeys();
        List<Ledger.Turn> turns = ledger.turns();
        List<String> windows = new ArrayList<>(List.of("before any fault"));
        faults.forEach(fault -> windows.add(fault.name()));
        System.out.printf("%nturns sent: %d (%d answered), over %.0f s of load%n", turns.size(),
                turns.stream().filter(Ledger.Turn::answered).count(), seconds(loadEnd - loadStart));
        System.out.println();
        System.out.println("| window | turns sent | lost | duplicated | unanswered | client errors (attempts) | retried and answered | recovery p50 / p99 (sessions) |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        int lost = 0;
        int duplicated = 0;
        int unanswered = 0;
        for (int w = 0; w < windows.size(); w++) {
            long from = w == 0 ? loadStart : faults.get(w - 1).at();
            long to = w < faults.size() ? faults.get(w).at() : Long.MAX_VALUE;
            List<Ledger.Turn> inWindow = turns.stream().filter(t -> t.sentAt >= from && t.sentAt < to).toList();
            int windowLost = 0;
            int windowDuplicated = 0;
            for (Ledger.Turn turn : inWindow) {
                if (turn.text != null) {
                    int applied = audit.userSaid.getOrDefault(turn.text, 0);
                    if (turn.answered() && applied == 0) {
                        windowLost++;
                    }
                    if (applied > 1) {
                        windowDuplicated++;
                    }
                } else if (turn.answered() && turn.session != null && !turn.kind.equals("validation")
                        && !audit.started.contains(turn.session)) {
                    windowLost++;
                }
            }
            int windowUnanswered = (int) inWindow.stream().filter(t -> !t.answered() && t.finalError != null
                    && !(t.kind.equals("validation") && t.finalError.equals("400"))).count();
            Map<String, Long> errors = new TreeMap<>(ledger.failures().stream().filter(f -> f.at() >= from && f.at() < to)
                    .collect(Collectors.groupingBy(Ledger.Failure::what, Collectors.counting())));
            long retriedAndAnswered = inWindow.stream().filter(t -> t.attempts > 1 && t.answered()).count();
            long retried = inWindow.stream().filter(t -> t.attempts > 1).count();
            System.out.printf("| %s | %d | %d | %d | %d | %s | %d of %d | %s |%n", windows.get(w), inWindow.size(), windowLost,
                    windowDuplicated, windowUnanswered, errors.isEmpty() ? "none" : errors.toString().replaceAll("[{}]", ""),
                    retriedAndAnswered, retried, w == 0 ? "–" : recovery(ledger, from, to));
            lost += windowLost;
            duplicated += windowDuplicated;
            unanswered += windowUnanswered;
        }
        System.out.println();
        System.out.println("| conversation kind | turns | answered | unanswered | applied twice |");
        System.out.println("|---|---|---|---|---|");
        for (String kind : List.of("talkr", "module", "botlhale", "validation")) {
            List<Ledger.Turn> ofKind = turns.stream().filter(t -> t.kind.equals(kind)).toList();
            System.out.printf("| %s | %d | %d | %d | %d |%n", kind, ofKind.size(), ofKind.stream().filter(Ledger.Turn::answered).count(),
                    ofKind.stream().filter(t -> !t.answered()).count(),
                    ofKind.stream().filter(t -> t.text != null && audit.userSaid.getOrDefault(t.text, 0) > 1).count());
        }
        long keysMissing = audit.webhookKeys.stream().filter(key -> !received.containsKey(key)).count();
        long keysTwice = received.values().stream().filter(count -> count > 1).count();
        System.out.printf("%nwebhook calls decided (log): %d; never delivered: %d; delivered more than once: %d; "
                + "reported failed (WebhookDeliveryFailed): %d%n", audit.webhookKeys.size(), keysMissing, keysTwice,
                audit.webhookFailures);
        System.out.printf("TOTAL lost %d, duplicated %d, unanswered %d, webhook keys never delivered %d%n", lost, duplicated,
                unanswered, keysMissing);
        ledger.notes().forEach((what, body) -> System.out.printf("  first %s: %s%n", what,
                body.length() > 300 ? body.substring(0, 300) + "..." : body));
        return lost == 0 && duplicated == 0 && unanswered == 0 && keysMissing == 0 ? 0 : 1;
    }

    /** The log once webhook calls still on their retry topics arrived: every key the log holds, or a minute. */
    private LogAudit settledAudit(Deployment parley) throws InterruptedException {
        LogAudit audit = LogAudit.read(parley.kafka.bootstrapServers(), parley.registryUrl());
        for (int wait = 0; wait < 6 && !customerServer.receivedKeys().keySet().containsAll(audit.webhookKeys); wait++) {
            TimeUnit.SECONDS.sleep(10);
            audit = LogAudit.read(parley.kafka.bootstrapServers(), parley.registryUrl());
        }
        return audit;
    }

    /**
     * From the fault to the first answered turn of each session the fault touched (a failed attempt in
     * the window), at the median and the 99th percentile.
     */
    private static String recovery(Ledger ledger, long faultAt, long windowEnd) {
        Map<String, Long> firstFailure = new HashMap<>();
        ledger.failures().stream().filter(f -> f.at() >= faultAt && f.at() < windowEnd && f.session() != null)
                .forEach(f -> firstFailure.merge(f.session(), f.at(), Math::min));
        List<Long> waits = new ArrayList<>();
        int never = 0;
        for (Map.Entry<String, Long> affected : firstFailure.entrySet()) {
            long recovered = ledger.successes().stream()
                    .filter(s -> s.session().equals(affected.getKey()) && s.at() > affected.getValue())
                    .mapToLong(Ledger.Success::at).min().orElse(-1);
            if (recovered < 0) {
                never++;
            } else {
                waits.add(recovered - faultAt);
            }
        }
        if (firstFailure.isEmpty()) {
            return "no session affected";
        }
        waits.sort(Comparator.naturalOrder());
        String figures = waits.isEmpty() ? "none recovered"
                : String.format(Locale.ROOT, "%.1f / %.1f s", seconds(percentile(waits, 0.5)), seconds(percentile(waits, 0.99)));
        return figures + " (" + firstFailure.size() + (never > 0 ? ", " + never + " never" : "") + ")";
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void pause(int seconds) throws InterruptedException {
        TimeUnit.SECONDS.sleep(seconds);
    }

    /** A module of two slots, the second validated by the customer's webhook. */
    static final String MODULE_BOT = """
            company: faults
            botId: 2
            name: Claims under faults
            language: {name: English, slug: EN, code: en-GB}
            sessionTimeoutSeconds: 1800
            startBlock: welcome
            webhookFailureMessage: We could not check your number; we will call you.
            blocks:
              - {id: welcome, messages: ["Hello"], transitions: [{on: ANY, target: claim}]}
              - {id: claim, type: MODULE, module: 1, next: done, messages: []}
              - {id: done, type: END, messages: ["Thanks."]}
            modules:
              - id: 1
                name: Claim
                checkingMessage: One moment while we check your number.
                slots:
                  - {id: 10, order: 1, label: "Your name?", fieldType: TEXT}
                  - {id: 11, order: 2, label: "Your membership number?", fieldType: TEXT, validateWithWebhook: true}
            """;
}
