package io.parley.infra;

import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft broker (broker and controller in one) as a child process on a fixed port, its
 * data in a folder that survives restarts. Runs Kafka's own entry point from the broker jars on the
 * current classpath.
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
    private final JavaProcess process;

    private KafkaBrokerProcess(int port, JavaProcess process) {
        this.port = port;
        this.process = process;
    }

    /** Starts the broker on 127.0.0.1:{@code port}, formatting {@code dataDir} on first start. */
    public static KafkaBrokerProcess start(int port, int controllerPort, Path dataDir, Path logFile)
            throws IOException, InterruptedException {
        Path logDirs = dataDir.resolve("kafka").toAbsolutePath();
        Path config = dataDir.resolve("server.properties").toAbsolutePath();
        Files.createDirectories(logDirs);
        writeConfig(config, port, controllerPort, logDirs);
        Path logging = dataDir.resolve("logback.xml").toAbsolutePath();
        Files.writeString(logging, QUIET_LOGGING);
        List<String> jvmArgs = List.of("-Xmx512m", "-Dlogback.configurationFile=" + logging);
        String classpath = System.getProperty("java.class.path");
        if (!Files.exists(logDirs.resolve("meta.properties"))) {
            format(classpath, jvmArgs, config, logFile);
        }
        JavaProcess process = JavaProcess.start("kafka broker", classpath, jvmArgs, "kafka.Kafka",
                List.of(config.toString()), logFile);
        KafkaBrokerProcess broker = new KafkaBrokerProcess(port, process);
        process.awaitReady(broker::isReady, STARTUP_TIMEOUT);
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
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

    private static void format(String classpath, List<String> jvmArgs, Path config, Path logFile)
            throws IOException, InterruptedException {
        try (JavaProcess formatter = JavaProcess.start("kafka storage format", classpath, jvmArgs,
                "kafka.tools.StorageTool",
                List.of("format", "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString(),
                        "--standalone"),
                logFile)) {
            formatter.awaitExit(Duration.ofSeconds(60));
        }
    }

    private static void writeConfig(Path file, int port, int controllerPort, Path logDirs) throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDirs.toString());
        // One node: every internal topic must settle for one replica, or exactly-once hangs.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Topics come from the topic registry, with explicit partitions; a typo must not create one.
        p.setProperty("auto.create.topics.enable", "false");
        try (Writer out = Files.newBufferedWriter(file)) {
            p.store(out, "Written by the Parley local stack at every start");
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
