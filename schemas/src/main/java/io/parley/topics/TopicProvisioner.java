package io.parley.topics;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

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

    /** Creates what is missing and returns the names of the topics it created. */
    public List<String> ensureTopics(Admin admin) throws InterruptedException, ExecutionException {
        Set<String> existing = admin.listTopics().names().get();
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
