package io.parley.topics;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Creates the topics of {@link Topics} that do not exist yet, with explicit partitions. Used by the
 * local stack, the tests and, through {@link #main}, the topic-init step of docker-compose.yml.
 */
public final class TopicProvisioner {

    private final int partitions;
    private final short replicationFactor;

    public TopicProvisioner(int partitions, short replicationFactor) {
        if (partitions < 1 || replicationFactor < 1) {
            throw new IllegalArgumentException("partitions and replication factor must be at least 1");
        }
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    /**
     * Creates what is missing and returns the names of the topics it created. A topic that exists
     * with a shorter retention than the registry's (made by an older version: commands were kept 7
     * days) gets the registry's, so nothing an audit needs is deleted early.
     */
    public List<String> ensureTopics(Admin admin) throws InterruptedException, ExecutionException {
        Set<String> existing = admin.listTopics().names().get();
        lengthenRetention(admin, existing);
        stampOnAppend(admin, existing);
        List<NewTopic> missing = Topics.all().stream()
                .filter(topic -> !existing.contains(topic.name()))
                .map(topic -> new NewTopic(topic.name(), Optional.of(partitions), Optional.of(replicationFactor))
                        .configs(topic.config()))
                .toList();
        if (!missing.isEmpty()) {
            admin.createTopics(missing).all().get();
        }
        return missing.stream().map(NewTopic::name).toList();
    }

    private static void lengthenRetention(Admin admin, Set<String> existing) throws InterruptedException, ExecutionException {
        List<Topic<?, ?>> timeBounded = Topics.all().stream()
                .filter(topic -> existing.contains(topic.name()) && topic.retention() == Topic.Retention.TIME_BOUNDED)
                .toList();
        if (timeBounded.isEmpty()) {
            return;
        }
        List<ConfigResource> resources = timeBounded.stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic.name())).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
        Map<ConfigResource, Collection<AlterConfigOp>> longer = new HashMap<>();
        for (Topic<?, ?> topic : timeBounded) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
            String wanted = topic.config().get(TopicConfig.RETENTION_MS_CONFIG);
            ConfigEntry current = configs.get(resource).get(TopicConfig.RETENTION_MS_CONFIG);
            if (wanted != null && current != null && Long.parseLong(current.value()) >= 0
                    && Long.parseLong(current.value()) < Long.parseLong(wanted)) {
                longer.put(resource, List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, wanted),
                        AlterConfigOp.OpType.SET)));
            }
        }
        if (!longer.isEmpty()) {
            admin.incrementalAlterConfigs(longer).all().get();
        }
    }

    /** Topics made before the broker stamped their records get that setting now (from the next record on). */
    private static void stampOnAppend(Admin admin, Set<String> existing) throws InterruptedException, ExecutionException {
        Map<ConfigResource, Collection<AlterConfigOp>> stamped = new HashMap<>();
        for (Topic<?, ?> topic : Topics.all()) {
            String wanted = topic.config().get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);
            if (wanted != null && existing.contains(topic.name())) {
                stamped.put(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()),
                        List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, wanted), AlterConfigOp.OpType.SET)));
            }
        }
        if (!stamped.isEmpty()) {
            admin.incrementalAlterConfigs(stamped).all().get();
        }
    }

    /** {@code TopicProvisioner <bootstrap servers> <partitions> <replication factor>} */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: TopicProvisioner <bootstrap servers> <partitions> <replication factor>");
            System.exit(2);
        }
        TopicProvisioner provisioner = new TopicProvisioner(Integer.parseInt(args[1]), Short.parseShort(args[2]));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]))) {
            List<String> created = provisioner.ensureTopics(admin);
            System.out.println("created topics: " + created);
        }
    }
}
