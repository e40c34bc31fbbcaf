package io.parley.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.parley.topics.RegistrySerdes;
import io.parley.topics.Topic;
import io.parley.topics.TopicProvisioner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real KRaft broker (in this JVM) and a real schema registry (a child process), started at first use
 * and shared by every test in the JVM, with all of Parley's topics created. Stopped when the JVM exits.
 */
public final class SharedTestInfrastructure {

    /** Partitions per topic: more than one, so ordering and assignment are exercised for real. */
    public static final int PARTITIONS = 3;

    private static SharedTestInfrastructure instance;

    private final EmbeddedKafkaKraftBroker broker;
    private final RegistryServer registry;
    private final java.util.Deque<AutoCloseable> users = new java.util.ArrayDeque<>();

    private SharedTestInfrastructure(EmbeddedKafkaKraftBroker broker, RegistryServer registry) {
        this.broker = broker;
        this.registry = registry;
    }

    public static synchronized SharedTestInfrastructure get() {
        if (instance == null) {
            instance = start();
            // A fallback: normally the test session's end stops it (SharedTestInfrastructureStopper).
            Runtime.getRuntime().addShutdownHook(new Thread(SharedTestInfrastructure::stopIfStarted, "test-infrastructure-stop"));
        }
        return instance;
    }

    /**
     * Stops the services, then the registry and the broker, if they were started. Called when the test
     * session ends, before any shutdown hook: Kafka's test kit deletes the broker's directory in a hook
     * of its own, and services still running then would wait on a broker that is gone.
     */
    public static synchronized void stopIfStarted() {
        if (instance != null) {
            instance.stop();
            instance = null;
        }
    }

    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    /** The registry's own API, for the serde. */
    public String registryUrl() {
        return registry.apiUrl();
    }

    /** The registry's Confluent-compatible API, for checks as an outside consumer would make them. */
    public String confluentCompatibleUrl() {
        return registry.confluentCompatibleUrl();
    }

    /** Reads topics of this broker as an outside consumer would. */
    public TopicContents topics() {
        return new TopicContents(bootstrapServers());
    }

    public RegistrySerdes newSerdes() {
        return new RegistrySerdes(registryUrl());
    }

    /** The values written with {@code key} to {@code topic}, decoded as Parley's services decode them. */
    public <V> List<V> values(Topic<String, V> topic, String key) {
        Deserializer<V> values = newSerdes().valueSerde(topic).deserializer();
        List<V> decoded = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : topics().withKey(topic.name(), key)) {
            decoded.add(values.deserialize(topic.name(), record.value()));
        }
        return decoded;
    }

    /** Writes one record as Parley's services write it, and waits until the broker has it. */
    public <V> void send(Topic<String, V> topic, String key, V value) throws Exception {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
                new StringSerializer(), newSerdes().valueSerde(topic).serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
        }
    }

    /** The properties a Parley service needs to run against this infrastructure. */
    public Map<String, String> serviceProperties() {
        return ServiceProperties.of(bootstrapServers(), registryUrl());
    }

    private static SharedTestInfrastructure start() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        broker.brokerProperties(Map.of(
                        // One broker: exactly-once needs its transaction log to settle for one replica.
                        "transaction.state.log.replication.factor", "1",
                        "transaction.state.log.min.isr", "1",
                        "group.initial.rebalance.delay.ms", "0",
                        "auto.create.topics.enable", "false"));
        broker.afterPropertiesSet();
        try {
            Path logs = Files.createTempDirectory("parley-test-registry");
            RegistryServer registry = RegistryServer.start(FreePorts.next(), null, logs.resolve("registry.log"));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
                new TopicProvisioner(PARTITIONS, (short) 1).ensureTopics(admin);
            }
            return new SharedTestInfrastructure(broker, registry);
        } catch (Exception e) {
            broker.destroy();
            throw new IllegalStateException("could not start the test infrastructure", e);
        }
    }

    /**
     * Closes {@code user} (a service, a client) when the JVM exits, before the broker stops: a Kafka
     * client still open when its broker goes away blocks for 30 s on close.
     */
    public synchronized void closeBeforeStop(AutoCloseable user) {
        users.push(user);
    }

    private void stop() {
        while (!users.isEmpty()) {
            try {
                users.pop().close();
            } catch (Exception e) {
                // stopping anyway
            }
        }
        registry.close();
        broker.destroy();
    }
}
