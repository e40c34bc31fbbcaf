package io.parley.audit;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.parley.avro.ProjectWebhook;
import io.parley.topics.RegistrySerdes;
import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A project's bots, as its latest record on {@code parley.project-webhooks.v1} names them (never the accounts). */
final class ProjectBots {

    private ProjectBots() {
    }

    static Set<String> of(String bootstrap, RegistrySerdes serdes, long projectId) {
        String key = "project:" + projectId;
        Set<String> bots = new HashSet<>();
        try (KafkaConsumer<String, ProjectWebhook> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), serdes.valueSerde(Topics.PROJECT_WEBHOOKS).deserializer())) {
            TopicReader.readAll(consumer, TopicReader.partitions(consumer, Topics.PROJECT_WEBHOOKS.name()), record -> {
                if (key.equals(record.key())) {
                    bots.clear();
                    if (record.value() != null) {
                        bots.addAll(record.value().getBots());
                    }
                }
            });
        }
        if (bots.isEmpty()) {
            throw new IllegalArgumentException("project " + projectId + " owns no bot");
        }
        return bots;
    }
}
