package io.parley.topics;

import java.util.Objects;

/**
 * The topics of a consumer that retries on topics rather than in place (delivery's senders, so one
 * slow far end does not hold up the others): a failed record waits on
 * {@code <source><retrySuffix>-<n>}, then, after its last try, lies on {@link #deadLetters()}.
 *
 * <p>The dead-letter topic is one of {@link Topics#all()} and created with the others. The retry
 * topics are not: how many there are follows the deployment's attempts and delays, so the retrying
 * consumer (Spring Kafka's retry-topic feature) creates them from these names.
 *
 * @param <V>         the type of the source's values
 * @param source      the topic the consumer reads
 * @param retrySuffix what follows the source's name in every retry topic's name
 * @param numbering   what {@code <n>} is
 * @param deadLetters where records that failed for good lie, with the cause in headers
 */
public record RetryTopics<V>(Topic<String, V> source, String retrySuffix, Numbering numbering, Topic<byte[], byte[]> deadLetters) {

    /** What tells a source's retry topics apart. */
    public enum Numbering {
        /** {@code -0}, {@code -1}, ...: the names stay when the delays are tuned. */
        INDEX,
        /** The retry's delay in milliseconds. */
        DELAY
    }

    public RetryTopics {
        Objects.requireNonNull(source);
        Objects.requireNonNull(retrySuffix);
        Objects.requireNonNull(numbering);
        if (!deadLetters.name().startsWith(source.name())) {
            throw new IllegalArgumentException(deadLetters + " is not named after " + source);
        }
    }

    /** What follows the source's name in the dead-letter topic's name. */
    public String deadLetterSuffix() {
        return deadLetters.name().substring(source.name().length());
    }
}
