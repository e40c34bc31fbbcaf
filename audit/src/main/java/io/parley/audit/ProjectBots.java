package io.parley.audit;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.parley.avro.ProjectWebhook;
import io.parley.topics.RegistrySerdes;
import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
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
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.PROJECT_WEBHOOKS.name(), Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                for (ConsumerRecord<String, ProjectWebhook> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        bots.clear();
                        if (record.value() != null) {
                            bots.addAll(record.value().getBots());
                        }
                    }
                }
            }
        }
        if (bots.isEmpty()) {
            throw new IllegalArgumentException("project " + projectId + " owns no bot");
        }
        return bots;
    }
}
