package io.parley.infra;

import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A KRaft node (broker and controller in one) as a child process on a fixed port, its data in a
 * folder that survives restarts: a single-node broker, or one node of a {@link KafkaCluster}. Runs
 * Kafka's own entry point from the broker jars on the current classpath.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    /** The broker logs through the classpath's Logback; unconfigured it would log at DEBUG. */
    private static final String QUIET_LOGGING = """
            <configuration>
              <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d %-5level %logger{0} %msg%n</pattern></encoder>
              </appender>
              <logger name="kafka.server.KafkaServer" level="INFO"/>
              <root level="WARN"><appender-ref ref="out"/></root>
            </configuration>
            """;

    private final int port;
    private final String name;
    private final Path dataDir;
    private final Path logFile;
    private volatile JavaProcess process;

    private KafkaBrokerProcess(String name, int port, Path dataDir, Path logFile) {
        this.name = name;
        this.port = port;
        this.dataDir = dataDir;
        this.logFile = logFile;
    }

    /** Starts the broker on 127.0.0.1:{@code port}, formatting {@code dataDir} on first start. */
    public static KafkaBrokerProcess start(int port, int controllerPort, Path dataDir, Path logFile)
            throws IOException, InterruptedException {
        Properties config = config(1, port, controllerPort, 1);
        // One node is its own quorum: the dynamic quorum's bootstrap, formatted as standalone.
        config.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        KafkaBrokerProcess broker = new KafkaBrokerProcess("kafka broker", port, dataDir, logFile);
        broker.launch(config, List.of("--cluster-id", Uuid.randomUuid().toString(), "--standalone"));
        broker.awaitReady();
        return broker;
    }

    /**
     * Starts one node of a cluster of several (broker and controller each, a static quorum of
     * {@code voters}) without waiting for it: a node is ready only once a majority of the quorum runs.
     */
    static KafkaBrokerProcess launchClusterNode(int nodeId, int port, int controllerPort, String voters, String clusterId,
                                                int replicationFactor, List<String> features, Path dataDir, Path logFile)
            throws IOException, InterruptedException {
        Properties config = config(nodeId, port, controllerPort, replicationFactor);
        config.setProperty("controller.quorum.voters", voters);
        KafkaBrokerProcess node = new KafkaBrokerProcess("kafka node " + nodeId, port, dataDir, logFile);
        List<String> format = new ArrayList<>(List.of("--cluster-id", clusterId));
        features.forEach(feature -> format.addAll(List.of("--feature", feature)));
        node.launch(config, format);
        return node;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the process again (after {@link #kill()} or {@link #close()}) on the same data, and waits until it serves. */
    void restart() throws IOException, InterruptedException {
        process = JavaProcess.start(name, System.getProperty("java.class.path"), jvmArgs(), "kafka.Kafka",
                List.of(dataDir.resolve("server.properties").toAbsolutePath().toString()), logFile);
        awaitReady();
    }

    /** Ends the process as a crash would. */
    void kill() {
        process.kill();
    }

    void awaitReady() {
        process.awaitReady(this::isReady, STARTUP_TIMEOUT);
    }

    private void launch(Properties config, List<String> formatArgs) throws IOException, InterruptedException {
        Path logDirs = dataDir.resolve("kafka").toAbsolutePath();
        Path configFile = dataDir.resolve("server.properties").toAbsolutePath();
        Files.createDirectories(logDirs);
        config.setProperty("log.dirs", logDirs.toString());
        try (Writer out = Files.newBufferedWriter(configFile)) {
            config.store(out, "Written by Parley's infrastructure at every start");
        }
        Files.writeString(dataDir.resolve("logback.xml").toAbsolutePath(), QUIET_LOGGING);
        String classpath = System.getProperty("java.class.path");
        if (!Files.exists(logDirs.resolve("meta.properties"))) {
            List<String> format = new ArrayList<>(List.of("format"));
            format.addAll(formatArgs);
            format.addAll(List.of("--config", configFile.toString()));
            try (JavaProcess formatter = JavaProcess.start("kafka storage format", classpath, jvmArgs(),
                    "kafka.tools.StorageTool", format, logFile)) {
                formatter.awaitExit(Duration.ofSeconds(60));
            }
        }
        process = JavaProcess.start(name, classpath, jvmArgs(), "kafka.Kafka", List.of(configFile.toString()), logFile);
    }

    private List<String> jvmArgs() {
        return List.of("-Xmx512m", "-Dlogback.configurationFile=" + dataDir.resolve("logback.xml").toAbsolutePath());
    }

    private boolean isReady() {
        // A plain connect first: an admin client against a closed port logs a warning per retry.
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        } catch (IOException e) {
            return false;
        }
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000))) {
            return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * The node's settings. With {@code replicationFactor} 1 every internal topic settles for one replica
     * (or exactly-once hangs); with more, an acknowledged write is on {@code replicationFactor - 1}
     * nodes at least, as in production.
     */
    private static Properties config(int nodeId, int port, int controllerPort, int replicationFactor) {
        String replicas = Integer.toString(replicationFactor);
        String minInSync = Integer.toString(Math.max(1, replicationFactor - 1));
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(nodeId));
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("default.replication.factor", replicas);
        p.setProperty("min.insync.replicas", minInSync);
        p.setProperty("offsets.topic.replication.factor", replicas);
        p.setProperty("transaction.state.log.replication.factor", replicas);
        p.setProperty("transaction.state.log.min.isr", minInSync);
        p.setProperty("share.coordinator.state.topic.replication.factor", replicas);
        p.setProperty("share.coordinator.state.topic.min.isr", minInSync);
        p.setProperty("unclean.leader.election.enable", "false");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Topics come from the topic registry, with explicit partitions; a typo must not create one.
        p.setProperty("auto.create.topics.enable", "false");
        return p;
    }

    @Override
    public void close() {
        process.close();
    }
}
