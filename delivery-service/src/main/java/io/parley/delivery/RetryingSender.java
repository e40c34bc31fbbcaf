package io.parley.delivery;

import io.parley.topics.RetryTopics;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationBuilder;
import org.springframework.kafka.retrytopic.TopicSuffixingStrategy;

/**
 * The skeleton of the senders that call out (webhooks, Messenger, telephony): consumers of a topic
 * that try a call and leave failures that may pass to retry topics (so one slow far end does not hold
 * up the others), retried with back-off from the sender's settings and named by the registry. A refusal
 * ({@link OutboundCall.RejectedException}) is not retried. After the last try, Spring hands the record
 * to the sender bean's {@value #DEAD_LETTER_METHOD} method, with the cause and the attempts in headers.
 *
 * @param topics   the source, its retry topics and its dead-letter topic
 * @param settings attempts, delays, partitions and concurrency
 * @param beanName the sender's bean, which has the {@value #DEAD_LETTER_METHOD} method
 * @param group    suffix of the sender's consumer group
 * @param <V>      the type of the records sent
 */
public record RetryingSender<V>(RetryTopics<V> topics, DeliveryProperties.Retries settings, String beanName, String group) {

    /** The sender bean's method for records that failed for good. */
    public static final String DEAD_LETTER_METHOD = "onDeadLetter";

    private static final String LISTENER_FAILED = "Listener failed; ";

    /** Consumers of the source topic; on the retry topics, the error handling is the retry feature's own. */
    public ConcurrentKafkaListenerContainerFactory<String, V> consumers(DeliveryKafkaConfig.ListenerFactories factories) {
        // What cannot be read ends where calls that failed for good do.
        ConcurrentKafkaListenerContainerFactory<String, V> factory = factories.forTopic(topics.source(), topics.deadLetters(), group);
        factory.setConcurrency(settings.concurrency());
        return factory;
    }

    /**
     * The retry topics of the source. Spring creates the retry topics (how many follows the attempts and
     * delays); the dead-letter topic is the registry's, already there.
     */
    public RetryTopicConfiguration retryTopics(KafkaTemplate<Object, Object> parleyKafka) {
        return RetryTopicConfigurationBuilder.newInstance()
                .includeTopic(topics.source().name())
                .maxAttempts(settings.attempts())
                .exponentialBackoff(settings.retryDelay().toMillis(), 2.0, settings.maxRetryDelay().toMillis())
                .notRetryOn(OutboundCall.RejectedException.class)
                .retryTopicSuffix(topics.retrySuffix())
                .dltSuffix(topics.deadLetterSuffix())
                .setTopicSuffixingStrategy(topics.numbering() == RetryTopics.Numbering.INDEX
                        ? TopicSuffixingStrategy.SUFFIX_WITH_INDEX_VALUE : TopicSuffixingStrategy.SUFFIX_WITH_DELAY_VALUE)
                // The broker's default replication factor, as for every topic Spring creates.
                .autoCreateTopicsWith(settings.retryTopicPartitions(), (short) -1)
                .concurrency(settings.concurrency())
                .dltHandlerMethod(beanName, DEAD_LETTER_METHOD)
                .create(parleyKafka);
    }

    /** Which try of a record this is: the retry feature's attempts header, absent on the first. */
    public static int thisTry(Integer attemptsHeader) {
        return attemptsHeader == null ? 1 : attemptsHeader;
    }

    /** The tries a dead-lettered record had: the attempts header counts the one forwarding it would have been. */
    public static int triesMade(Integer attemptsHeader) {
        return attemptsHeader == null ? 1 : Math.max(1, attemptsHeader - 1);
    }

    /** The exception header's message without the prefix Spring's wrapper gives it ("Listener failed; ..."). */
    public static String causeOf(String exceptionMessage) {
        if (exceptionMessage == null) {
            return "unknown";
        }
        return exceptionMessage.startsWith(LISTENER_FAILED) ? exceptionMessage.substring(LISTENER_FAILED.length()) : exceptionMessage;
    }
}
