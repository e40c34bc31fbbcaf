package io.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.time.Duration;
import java.util.Map;

import io.parley.topics.Topics;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.retrytopic.DestinationTopic;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;

/**
 * The retry topics each sender gets from its settings: their names must not change with a release, or
 * what waits on them at a redeploy is never read again.
 */
class RetryingSenderTest {

    @SuppressWarnings("unchecked")
    private static final KafkaTemplate<Object, Object> KAFKA = mock(KafkaTemplate.class);

    @Test
    void messengerRetriesAreNamedByTheirDelayAndDeadLetterOnTheRegistrysTopic() {
        DeliveryProperties.Messenger settings = new DeliveryProperties.Messenger("http://x", Map.of(), Duration.ofSeconds(10),
                4, Duration.ofSeconds(1), Duration.ofSeconds(30), 3, 1);
        RetryTopicConfiguration retries = new RetryingSender<>(Topics.MESSENGER_OUTBOX_RETRIES, settings, "messengerSender",
                "messenger").retryTopics(KAFKA);

        assertThat(retries.hasConfigurationForTopics(new String[] {Topics.MESSENGER_OUTBOX.name()})).isTrue();
        assertThat(retries.getDestinationTopicProperties()).extracting(DestinationTopic.Properties::suffix)
                .containsExactly("", "-retry-1000", "-retry-2000", "-retry-4000", "-dlt");
        assertThat(retries.getDestinationTopicProperties()).filteredOn(DestinationTopic.Properties::isRetryTopic)
                .extracting(DestinationTopic.Properties::delay).containsExactly(1000L, 2000L, 4000L);
        assertThat(Topics.MESSENGER_OUTBOX.name() + "-dlt").isEqualTo(Topics.MESSENGER_OUTBOX_DLT.name());
        assertThat(retries.getDestinationTopicProperties()).extracting(DestinationTopic.Properties::numPartitions).containsOnly(3);
        assertThat(retries.getDltHandlerMethod().getMethodName()).isEqualTo(RetryingSender.DEAD_LETTER_METHOD);
    }

    @Test
    void webhookRetriesAreNumberedSoTheyKeepTheirNamesWhenTheDelaysAreTunedAndWaitAtMostTheLongestDelay() {
        DeliveryProperties.Webhooks settings = new DeliveryProperties.Webhooks(6, Duration.ofSeconds(1), Duration.ofSeconds(4), 3, 3);
        RetryTopicConfiguration retries = new RetryingSender<>(Topics.WEBHOOK_RETRIES, settings, "webhookSender", "webhooks")
                .retryTopics(KAFKA);

        assertThat(retries.getDestinationTopicProperties()).extracting(DestinationTopic.Properties::suffix)
                .containsExactly("", "-webhook-retry-0", "-webhook-retry-1", "-webhook-retry-2", "-dlt");
        assertThat(retries.getDestinationTopicProperties()).filteredOn(DestinationTopic.Properties::isRetryTopic)
                .extracting(DestinationTopic.Properties::delay).containsExactly(1000L, 2000L, 4000L);
        assertThat(retries.getConcurrency()).isEqualTo(3);
    }

    @Test
    void theTriesOfARecordAreCountedFromTheRetryFeaturesHeader() {
        assertThat(RetryingSender.thisTry(null)).isEqualTo(1);
        assertThat(RetryingSender.thisTry(3)).isEqualTo(3);
        // Forwarding to the dead-letter topic counted a try that was never made.
        assertThat(RetryingSender.triesMade(5)).isEqualTo(4);
        assertThat(RetryingSender.triesMade(null)).isEqualTo(1);
        assertThat(RetryingSender.causeOf("Listener failed; the far end answered 503")).isEqualTo("the far end answered 503");
        assertThat(RetryingSender.causeOf(null)).isEqualTo("unknown");
    }
}
