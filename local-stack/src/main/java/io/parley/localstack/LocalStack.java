package io.parley.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.parley.avro.BotDefinition;
import io.parley.engine.topology.EngineStreams;
import io.parley.infra.KafkaBrokerProcess;
import io.parley.infra.RegistryServer;
import io.parley.infra.ServiceProperties;
import io.parley.ingest.accounts.Accounts;
import io.parley.ingest.bots.BotFileReader;
import io.parley.ingest.bots.BotPublisher;
import io.parley.topics.RegistrySerdes;
import io.parley.topics.TopicProvisioner;
import io.parley.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Parley on one machine: a KRaft broker and a schema registry as child processes keeping their data
 * under {@code dataDir}, the topics, the example bots, and the four services in this JVM. Stops
 * everything on Ctrl-C; started again, it continues where it was.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
    private static final String DEMO_USER = "demo@parley.local";
    private static final Duration ENGINE_STARTUP = Duration.ofMinutes(2);

    private final List<AutoCloseable> running = new ArrayList<>();
    private final Settings settings;
    private String bootstrapServers;
    private String registryUrl;
    private int ingestPort;
    private int analyticsPort;
    private String demoAccount;

    /** Ports, folders and topic partitions of a local stack. */
    public record Settings(Path dataDir, Path botsDir, int kafkaPort, int controllerPort, int registryPort,
                           int ingestPort, int enginePort, int deliveryPort, int analyticsPort, int partitions) {

        /** The fixed ports the README documents. */
        public static Settings defaults(Path projectDir) {
            return new Settings(projectDir.resolve(".parley-data"), projectDir.resolve("bots"),
                    9092, 9093, 8090, 8080, 8081, 8082, 8083, 3);
        }
    }

    public LocalStack(Settings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        RegistrySerdes.trustParleyRecords();
        Path projectDir = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Settings settings = Settings.defaults(projectDir);
        LocalStack stack = new LocalStack(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long stopping = System.nanoTime();
            stack.close();
            System.out.printf("Parley stopped in %.1f s; its data stays in %s%n", (System.nanoTime() - stopping) / 1e9,
                    settings.dataDir());
        }, "local-stack-stop"));
        try {
            stack.start();
        } catch (Exception e) {
            log.error("the local stack could not start", e);
            System.exit(1);
        }
        System.out.printf("%nParley is ready. Try:%n  curl -s -X POST http://127.0.0.1:%d/parley-demo/1/web "
                + "-H 'Content-Type: application/json' -H 'X-Talkr-Query: 1' -d '{}'%n"
                + "Admin API token (for /admin/bots, /admin/accounts): %s%n"
                + "TalkLift account (for /api-token-auth/): %s%n"
                + "Chat widget demo: http://127.0.0.1:%d/demo/%n"
                + "Analytics console (sign in with the TalkLift account): http://127.0.0.1:%d/console/%n"
                + "Data in %s. Press Ctrl-C to stop.%n", settings.ingestPort(), stack.adminToken(), stack.demoAccount,
                settings.ingestPort(), stack.analyticsPort, settings.dataDir());
    }

    public void start() throws Exception {
        Path logs = settings.dataDir().resolve("logs");
        KafkaBrokerProcess broker = KafkaBrokerProcess.start(settings.kafkaPort(), settings.controllerPort(),
                settings.dataDir().resolve("broker"), logs.resolve("kafka.log"));
        running.add(broker);
        bootstrapServers = broker.bootstrapServers();
        log.info("Kafka broker ready on {}", bootstrapServers);

        RegistryServer registry = RegistryServer.start(settings.registryPort(), settings.dataDir().resolve("registry"),
                logs.resolve("registry.log"));
        running.add(registry);
        log.info("schema registry ready at {}", registry.confluentCompatibleUrl());
        registryUrl = registry.apiUrl();

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<String> created = new TopicProvisioner(settings.partitions(), (short) 1).ensureTopics(admin);
            log.info("topics created: {}", created.isEmpty() ? "none (all existed)" : created);
        }

        Map<String, String> common = new HashMap<>(ServiceProperties.of(bootstrapServers, registry.apiUrl()));
        common.put("parley.ingest.admin-token", adminToken());
        // Ingest hands out tickets to Botlhale conversations' push streams; delivery checks them.
        String pushTicketKey = keptSecret("push-ticket-key");
        common.put("parley.ingest.push-ticket-key", pushTicketKey);
        common.put("parley.delivery.push.ticket-key", pushTicketKey);
        common.put("parley.ingest.token-key", keptSecret("token-key"));
        common.put("parley.ingest.demo-page", "true");
        // On one machine the far ends (a test AI server, a softphone's callback) are on loopback.
        common.put("parley.delivery.allow-private-addresses", "true");
        common.put("spring.kafka.streams.state-dir", settings.dataDir().resolve("engine-state").toString());
        ConfigurableApplicationContext engine = started(ParleyServices.engine(common, settings.enginePort()));
        awaitProcessing(engine.getBean(EngineStreams.class));
        ConfigurableApplicationContext delivery = started(ParleyServices.delivery(common, settings.deliveryPort()));
        ConfigurableApplicationContext ingest = started(ParleyServices.ingest(common, settings.ingestPort()));
        ingestPort = ParleyServices.port(ingest);
        List<String> bots = publishBots(ingest.getBean(BotFileReader.class), ingest.getBean(BotPublisher.class));
        demoAccount = demoAccount(ingest.getBean(Accounts.class), bots);
        common.put("parley.analytics.ingest-url", "http://127.0.0.1:" + ingestPort);
        common.put("spring.kafka.streams.state-dir", settings.dataDir().resolve("analytics-state").toString());
        ConfigurableApplicationContext analytics = started(ParleyServices.analytics(common, settings.analyticsPort()));
        analyticsPort = ParleyServices.port(analytics);
        // "Ready" must mean the first requests are answered at once: each service's views (bots, accounts,
        // sessions, webhook settings) and stores have caught up, as its readiness probe says.
        HttpClient probes = HttpClient.newHttpClient();
        for (ConfigurableApplicationContext service : List.of(engine, delivery, ingest, analytics)) {
            awaitReadiness(probes, service);
        }
        log.info("services up: ingest :{}, engine :{}, delivery :{}, analytics :{}", ingestPort, ParleyServices.port(engine),
                ParleyServices.port(delivery), analyticsPort);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The schema registry's API, as the services are given it. */
    public String registryUrl() {
        return registryUrl;
    }

    /** The port the analytics service (and its console) listens on. */
    public int analyticsPort() {
        return analyticsPort;
    }

    /** The port the ingest service listens on (useful when the settings asked for a random one). */
    public int ingestPort() {
        return ingestPort;
    }

    private ConfigurableApplicationContext started(ConfigurableApplicationContext context) {
        running.add(context);
        return context;
    }

    /** The admin API's token: made at the first start, kept with the data so it stays the same. */
    public String adminToken() throws IOException {
        return keptSecret("admin-token");
    }

    /** A random secret made at the first start and kept with the data. */
    private String keptSecret(String name) throws IOException {
        Path file = settings.dataDir().resolve(name);
        if (!Files.exists(file)) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            Files.createDirectories(settings.dataDir());
            Files.writeString(file, HexFormat.of().formatHex(random));
        }
        return Files.readString(file).strip();
    }

    /**
     * A first TalkLift account owning the example bots, made at the first start; its password is
     * kept with the data so that it stays the same.
     */
    private String demoAccount(Accounts accounts, List<String> bots) throws Exception {
        Path file = settings.dataDir().resolve("demo-account");
        if (!Files.exists(file)) {
            byte[] random = new byte[12];
            new SecureRandom().nextBytes(random);
            String password = HexFormat.of().formatHex(random);
            Accounts.NewAccount account = accounts.create("Parley demo", "Demo bots", bots, DEMO_USER, password);
            Files.writeString(file, "username " + DEMO_USER + "\npassword " + password + "\norg_id "
                    + account.orgId() + "\nproject_id " + account.projectId() + "\n");
        }
        return Files.readString(file).strip().replace("\n", ", ");
    }

    /** "Ready" must mean the first curl is answered: wait until the engine owns its partitions. */
    private static void awaitProcessing(EngineStreams engine) throws InterruptedException {
        Instant deadline = Instant.now().plus(ENGINE_STARTUP);
        while (!engine.isProcessing()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the engine is not processing after " + ENGINE_STARTUP);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    /** Waits until the service's readiness group is UP (its actuator answers 200). */
    private static void awaitReadiness(HttpClient http, ConfigurableApplicationContext service)
            throws IOException, InterruptedException {
        URI readiness = URI.create("http://127.0.0.1:" + ParleyServices.port(service) + "/actuator/health/readiness");
        Instant deadline = Instant.now().plus(ENGINE_STARTUP);
        while (http.send(HttpRequest.newBuilder(readiness).build(), HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(service.getId() + " is not ready after " + ENGINE_STARTUP + ": " + readiness);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    /** Publishes every bot of the bots folder; returns their keys. */
    private List<String> publishBots(BotFileReader reader, BotPublisher publisher) throws Exception {
        List<String> keys = new ArrayList<>();
        try (Stream<Path> files = Files.list(settings.botsDir())) {
            for (Path file : files.filter(LocalStack::isBotFile).sorted().toList()) {
                BotDefinition bot = reader.read(file.getFileName().toString(), Files.readString(file), Instant.now());
                publisher.publish(bot);
                keys.add(Topics.botKey(bot.getCompany(), bot.getBotId()));
                log.info("published bot {}/{} ({}) from {}", bot.getCompany(), bot.getBotId(), bot.getName(), file.getFileName());
            }
        } catch (IOException e) {
            throw new IOException("could not read the bots folder " + settings.botsDir(), e);
        }
        return keys;
    }

    private static boolean isBotFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private static String name(AutoCloseable part) {
        return part instanceof ConfigurableApplicationContext service ? service.getId() : part.getClass().getSimpleName();
    }

    /** Stops in reverse order of start: services first, so their clients close before the broker goes. */
    @Override
    public synchronized void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                long stopping = System.nanoTime();
                running.get(i).close();
                log.info("stopped {} in {} ms", name(running.get(i)), (System.nanoTime() - stopping) / 1_000_000);
            } catch (Exception e) {
                log.warn("error while stopping {}", running.get(i), e);
            }
        }
        running.clear();
    }
}
