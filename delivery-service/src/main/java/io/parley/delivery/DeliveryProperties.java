package io.parley.delivery;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the delivery service. Broker address and client settings come from {@code spring.kafka.*}.
 *
 * @param registryUrl URL of the schema registry's API that the Avro serde talks to
 * @param groupId     prefix of the delivery instances' consumer groups; partitions are shared among them
 * @param ai          the OpenAI-compatible chat-completions endpoint AI blocks use
 * @param messenger   Messenger's Send API
 * @param telephony   posting later messages to telephony servers
 * @param webhooks    calling customers' webhooks
 * @param allowPrivateAddresses whether outbound calls may go to loopback, private or link-local addresses
 *                    (off in production: a caller-supplied URL must not reach the internal network)
 */
@ConfigurationProperties(prefix = "parley.delivery")
public record DeliveryProperties(
        String registryUrl,
        @DefaultValue("parley-delivery") String groupId,
        @DefaultValue Ai ai,
        @DefaultValue Messenger messenger,
        @DefaultValue Telephony telephony,
        @DefaultValue Webhooks webhooks,
        @DefaultValue("false") boolean allowPrivateAddresses) {

    /**
     * @param timeout  how long one callback may take before it counts as failed and is retried
     * @param attempts tries of a failing callback, the first included, before it is dead-lettered
     * @param retryDelayMs wait before the first retry, doubled at each retry
     * @param retryTopicPartitions partitions of the retry topics, created at start
     */
    public record Telephony(
            @DefaultValue("5s") Duration timeout,
            @DefaultValue("3") int attempts,
            @DefaultValue("1000") long retryDelayMs,
            @DefaultValue("3") int retryTopicPartitions) {
    }

    /**
     * How customers' webhooks are retried. Each project's endpoint, credentials, signing secret and
     * timeout are part of the project (its {@code WebhookSettings}), not of the deployment.
     *
     * @param attempts        tries of a failing call, the first included, before it is dead-lettered
     * @param retryDelayMs    wait before the first retry, doubled at each retry
     * @param maxRetryDelayMs longest wait between retries
     * @param retryTopicPartitions partitions of the retry topics, created at start
     */
    public record Webhooks(
            @DefaultValue("6") int attempts,
            @DefaultValue("1000") long retryDelayMs,
            @DefaultValue("60000") long maxRetryDelayMs,
            @DefaultValue("3") int retryTopicPartitions) {
    }

    /**
     * @param graphBaseUrl      base URL of the Graph API, with its version
     * @param pageAccessTokens  page access tokens by the name a bot's {@code messenger.pageAccessTokenRef} gives
     * @param timeout           how long one Send API call may take before it counts as failed and is retried
     * @param attempts          tries of a failing send, the first included, before it is dead-lettered
     * @param retryDelayMs      wait before the first retry, doubled at each retry
     * @param maxRetryDelayMs   longest wait between retries
     * @param retryTopicPartitions partitions of the retry topics, created at start
     */
    public record Messenger(
            @DefaultValue("https://graph.facebook.com/v21.0") String graphBaseUrl,
            @DefaultValue Map<String, String> pageAccessTokens,
            @DefaultValue("10s") Duration timeout,
            @DefaultValue("4") int attempts,
            @DefaultValue("1000") long retryDelayMs,
            @DefaultValue("30000") long maxRetryDelayMs,
            @DefaultValue("3") int retryTopicPartitions) {
    }

    /**
     * @param baseUrl base URL of the chat-completions API (a bot may name its own)
     * @param model   model used when the bot names none
     * @param apiKey  bearer key sent to the endpoint; never part of a bot definition
     * @param timeout how long one call may take before the fallback answer is used
     */
    public record Ai(
            @DefaultValue("https://api.openai.com/v1") String baseUrl,
            @DefaultValue("gpt-4o-mini") String model,
            String apiKey,
            @DefaultValue("20s") Duration timeout) {
    }
}
