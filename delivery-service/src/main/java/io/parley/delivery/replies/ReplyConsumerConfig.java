package io.parley.delivery.replies;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import io.parley.avro.BotReply;
import io.parley.delivery.DeliveryProperties;
import io.parley.topics.RegistrySerdes;
import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Consumers of the replies topic. Poison records (unreadable bytes, or a reply that cannot be
 * recorded after retries) go to the replies dead-letter topic with the cause in headers.
 */
@Configuration(proxyBeanMethods = false)
class ReplyConsumerConfig {

    static final String CONTAINER_FACTORY = "replyListenerContainerFactory";

    @Bean
    RegistrySerdes registrySerdes(DeliveryProperties properties) {
        return new RegistrySerdes(properties.registryUrl());
    }

    /**
     * Writes dead letters as they came: raw bytes when a record could not be read, the reply itself
     * (Avro, Confluent framing) when it was read but could not be recorded.
     */
    @Bean
    KafkaTemplate<Object, Object> deadLetterTemplate(KafkaProperties kafka, RegistrySerdes serdes) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        Map<Class<?>, Serializer<?>> keys = new LinkedHashMap<>();
        keys.put(byte[].class, new ByteArraySerializer());
        keys.put(String.class, new StringSerializer());
        Map<Class<?>, Serializer<?>> values = new LinkedHashMap<>();
        values.put(byte[].class, new ByteArraySerializer());
        values.put(BotReply.class, serdes.valueSerde(Topics.REPLIES).serializer());
        // Already configured: the factory must not configure them again with plain client settings.
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config,
                new DelegatingByTypeSerializer(keys), new DelegatingByTypeSerializer(values), false));
    }

    @Bean(CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<String, BotReply> replyListenerContainerFactory(
            KafkaProperties kafka, DeliveryProperties properties, RegistrySerdes serdes,
            KafkaTemplate<Object, Object> deadLetterTemplate) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
        // The engine writes in transactions: read only what it committed.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The registry's deserializer is configured already; configuring it again with plain client
        // settings would drop the registry address.
        DefaultKafkaConsumerFactory<String, BotReply> consumers = new DefaultKafkaConsumerFactory<>(config,
                new ErrorHandlingDeserializer<>(new StringDeserializer()),
                new ErrorHandlingDeserializer<>(serdes.valueSerde(Topics.REPLIES).deserializer()), false);
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(deadLetterTemplate,
                (record, exception) -> new TopicPartition(Topics.REPLIES_DLT.name(), -1));
        ConcurrentKafkaListenerContainerFactory<String, BotReply> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumers);
        factory.setCommonErrorHandler(new DefaultErrorHandler(recoverer, new FixedBackOff(200, 2)));
        return factory;
    }
}
