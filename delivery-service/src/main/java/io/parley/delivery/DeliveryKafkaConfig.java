package io.parley.delivery;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import io.parley.avro.BotReply;
import io.parley.avro.Command;
import io.parley.avro.DeliveryReceipt;
import io.parley.avro.WebhookRequest;
import io.parley.topics.DecodeFailures;
import io.parley.topics.RegistrySerdes;
import io.parley.topics.Topic;
import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
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
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTopicSerializer;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/** The delivery service's Kafka clients: serdes from the registry, one producer, dead-lettering consumers. */
@Configuration(proxyBeanMethods = false)
public class DeliveryKafkaConfig {

    @Bean
    RegistrySerdes registrySerdes(DeliveryProperties properties) {
        return new RegistrySerdes(properties.registryUrl());
    }

    /**
     * Writes Parley's records (commands, receipts, dead letters) to their topics, each value with its
     * topic's serde: raw bytes when a record could not be read, the record itself (Avro) otherwise.
     */
    @Bean
    KafkaTemplate<Object, Object> parleyKafka(KafkaProperties kafka, RegistrySerdes serdes) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
        Map<Class<?>, Serializer<?>> keys = new LinkedHashMap<>();
        keys.put(byte[].class, new ByteArraySerializer());
        keys.put(String.class, new StringSerializer());
        Map<Class<?>, Serializer<?>> values = new LinkedHashMap<>();
        values.put(byte[].class, new ByteArraySerializer());
        values.put(Command.class, serdes.valueSerde(Topics.COMMANDS).serializer());
        values.put(DeliveryReceipt.class, serdes.valueSerde(Topics.DELIVERIES).serializer());
        values.put(BotReply.class, serdes.valueSerde(Topics.REPLIES).serializer());
        values.put(io.parley.avro.AiRequest.class, serdes.valueSerde(Topics.AI_REQUESTS).serializer());
        // Webhook calls are forwarded to their retry and dead-letter topics as they came: Avro.
        values.put(WebhookRequest.class, serdes.valueSerde(Topics.WEBHOOKS).serializer());
        // Replies handed to an outbox (and its retry and dead-letter topics) are registered under the
        // outbox's own subject; everything else by its type.
        Map<Pattern, Serializer<?>> outboxes = new LinkedHashMap<>();
        for (Topic<String, BotReply> outbox : List.of(Topics.MESSENGER_OUTBOX, Topics.TELEPHONY_OUTBOX)) {
            outboxes.put(Pattern.compile(Pattern.quote(outbox.name()) + ".*"), serdes.valueSerde(outbox).serializer());
        }
        // Already configured: the factory must not configure them again with plain client settings.
        KafkaTemplate<Object, Object> template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config,
                new DelegatingByTypeSerializer(keys), new DelegatingByTopicSerializer(outboxes, new DelegatingByTypeSerializer(values)),
                false));
        // A command delivery writes (an AI answer, a document's text) carries the turn's trace on to the engine.
        template.setObservationEnabled(true);
        return template;
    }

    /** Consumers outside any group, for the readers every instance needs whole (directory, web push). */
    @Bean
    Followers followers(KafkaProperties kafka, RegistrySerdes serdes) {
        return new Followers(kafka, serdes);
    }

    /** Builds consumers that read a whole topic, committed records only, without a group. */
    public static final class Followers {
        private final KafkaProperties kafka;
        private final RegistrySerdes serdes;

        Followers(KafkaProperties kafka, RegistrySerdes serdes) {
            this.kafka = kafka;
            this.serdes = serdes;
        }

        public <V> KafkaConsumer<String, V> follower(Topic<String, V> topic) {
            return new KafkaConsumer<>(followerConfig(), new StringDeserializer(), values(topic));
        }

        /** As {@link #follower}, the values left as they came: for readers that decode only what they need. */
        public KafkaConsumer<String, byte[]> undecodedFollower() {
            return new KafkaConsumer<>(followerConfig(), new StringDeserializer(), new ByteArrayDeserializer());
        }

        /** Decodes the values of {@code topic}. */
        public <V> Deserializer<V> values(Topic<String, V> topic) {
            return serdes.valueSerde(topic).deserializer();
        }

        private Map<String, Object> followerConfig() {
            Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
            config.remove(ConsumerConfig.GROUP_ID_CONFIG);
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            return config;
        }
    }

    /** Listener containers for the topics delivery consumes, each with its dead-letter topic. */
    @Bean
    ListenerFactories listenerFactories(KafkaProperties kafka, DeliveryProperties properties, RegistrySerdes serdes,
                                        KafkaTemplate<Object, Object> parleyKafka, MeterRegistry meters) {
        return new ListenerFactories(kafka, properties, serdes, parleyKafka, meters);
    }

    /** Builds a listener container factory per consumed topic. */
    public static final class ListenerFactories {
        private final KafkaProperties kafka;
        private final DeliveryProperties properties;
        private final RegistrySerdes serdes;
        private final KafkaTemplate<Object, Object> parleyKafka;
        private final MeterRegistry meters;

        ListenerFactories(KafkaProperties kafka, DeliveryProperties properties, RegistrySerdes serdes,
                          KafkaTemplate<Object, Object> parleyKafka, MeterRegistry meters) {
            this.meters = meters;
            this.kafka = kafka;
            this.properties = properties;
            this.serdes = serdes;
            this.parleyKafka = parleyKafka;
        }

        /**
         * Consumers of {@code topic} in the group {@code group} (suffixed to the service's group), reading
         * only committed records; a record that cannot be read or handled after retries goes to
         * {@code deadLetters} with the cause in headers.
         */
        public <V> ConcurrentKafkaListenerContainerFactory<String, V> forTopic(Topic<String, V> topic,
                                                                              Topic<byte[], byte[]> deadLetters,
                                                                              String group) {
            Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
            config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId() + "-" + group);
            // The engine writes in transactions: read only what it committed.
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            // The registry's deserializer is configured already; configuring it again with plain client
            // settings would drop the registry address.
            DefaultKafkaConsumerFactory<String, V> consumers = new DefaultKafkaConsumerFactory<>(config,
                    new ErrorHandlingDeserializer<>(new StringDeserializer()),
                    new ErrorHandlingDeserializer<>(serdes.valueSerde(topic).deserializer()), false);
            // The consumers' own metrics (lag above all) on /actuator/prometheus.
            consumers.addListener(new MicrometerConsumerListener<>(meters));
            DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(parleyKafka,
                    (record, exception) -> new TopicPartition(deadLetters.name(), -1));
            ConcurrentKafkaListenerContainerFactory<String, V> factory = new ConcurrentKafkaListenerContainerFactory<>();
            factory.setConsumerFactory(consumers);
            factory.setCommonErrorHandler(errorHandler(recoverer));
            // Each record's handling continues the trace its headers carry (the engine's decision).
            factory.getContainerProperties().setObservationEnabled(true);
            return factory;
        }

        /**
         * A record that fails for a reason that may pass (the registry or the broker is away: decoding,
         * or writing the result, fails on I/O or a timeout) is tried again with back-off for as long as
         * that lasts, holding its partition; only other failures are dead-lettered, after two quick retries.
         */
        static DefaultErrorHandler errorHandler(DeadLetterPublishingRecoverer recoverer) {
            DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, new FixedBackOff(200, 2));
            // Spring never retries a decoding failure; one the registry's absence causes must be.
            handler.removeClassification(DeserializationException.class);
            handler.setBackOffFunction((record, exception) -> DecodeFailures.isTransient(exception) ? untilItPasses() : null);
            return handler;
        }

        private static BackOff untilItPasses() {
            ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
            backOff.setMaxInterval(10_000);
            return backOff;
        }
    }
}
