package io.parley.ingest.conversation;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.parley.ingest.IngestProperties;
import io.parley.topics.RegistrySerdes;
import io.parley.topics.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/** Builds this instance's Kafka clients from Spring's settings and the topic registry's serdes. */
@Component
public class KafkaClients {

    private final KafkaProperties kafka;
    private final RegistrySerdes serdes;
    private final String instanceId;

    KafkaClients(KafkaProperties kafka, IngestProperties ingest) {
        this.kafka = kafka;
        this.serdes = new RegistrySerdes(ingest.registryUrl());
        this.instanceId = ingest.instanceId() != null && !ingest.instanceId().isBlank()
                ? ingest.instanceId() : "ingest-" + UUID.randomUUID();
    }

    /** This instance's address on the replies topic. */
    public String instanceId() {
        return instanceId;
    }

    public <K, V> KafkaProducer<K, V> producer(Topic<K, V> topic) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, instanceId + "-" + topic.name());
        // A caller waits on every send: batching would only add latency.
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // A caller waits for the outcome: it must come while the caller still waits (a 503 then
        // means "not written, send again"), not two minutes later as Kafka's defaults would have it.
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000);
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        return new KafkaProducer<>(config, serdes.keySerde(topic).serializer(), serdes.valueSerde(topic).serializer());
    }

    /** A consumer outside any group, reading only committed records (the engine writes transactionally). */
    public <K, V> KafkaConsumer<K, V> follower(Topic<K, V> topic) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, instanceId + "-" + topic.name());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, serdes.keySerde(topic).deserializer(), serdes.valueSerde(topic).deserializer());
    }
}
