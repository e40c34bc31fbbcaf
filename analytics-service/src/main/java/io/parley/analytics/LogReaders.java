package io.parley.analytics;

import java.util.HashMap;
import java.util.Map;

import io.parley.topics.RegistrySerdes;
import io.parley.topics.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/** Consumers outside any group, committed records only: for the views every instance holds whole and for transcripts. */
@Component
public class LogReaders {

    private final KafkaProperties kafka;
    private final RegistrySerdes serdes;

    LogReaders(KafkaProperties kafka, RegistrySerdes serdes) {
        this.kafka = kafka;
        this.serdes = serdes;
    }

    public <V> KafkaConsumer<String, V> reader(Topic<String, V> topic) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, serdes.keySerde(topic).deserializer(), serdes.valueSerde(topic).deserializer());
    }
}
