package io.parley.delivery;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the delivery service. Broker address and client settings come from {@code spring.kafka.*}.
 *
 * @param registryUrl URL of the schema registry's API that the Avro serde talks to
 * @param groupId     prefix of the delivery instances' consumer groups; partitions are shared among them
 * @param ai          the OpenAI-compatible chat-completions endpoint AI blocks use
 * @param messenger   Messenger's Send API
 * @param telephony   posting later messages to telephony servers
 * @param webhooks    calling customers' webhooks
 * @param documents   fetching and reading the documents users send by URL
 * @param push        the web push streams
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
        @DefaultValue Documents documents,
        @DefaultValue Push push,
        @DefaultValue("false") boolean allowPrivateAddresses) {

    /**
     * How the documents users send by URL (a PDF or a picture) are fetched and read.
     *
     * @param maxSize      largest document fetched; the download stops as soon as it is exceeded
     * @param fetchTimeout how long fetching one document may take, redirects included
     * @param ocrTimeout   how long reading one image (or one scanned PDF page) may take
     * @param maxTextChars longest text sent back; the rest of the document is cut off
     * @param maxPdfPages  pages of a PDF whose text is read
     * @param pdfOcrPages  pages of a PDF without a text layer (a scan) that are read by OCR instead; 0 reads none
     * @param tesseract    the Tesseract OCR executable, a name on the PATH or a full path
     * @param ocrConcurrency images read at the same time by this instance (each Tesseract run takes a core)
     */
    public record Documents(
            @DefaultValue("10MB") DataSize maxSize,
            @DefaultValue("10s") Duration fetchTimeout,
            @DefaultValue("30s") Duration ocrTimeout,
            @DefaultValue("4000") int maxTextChars,
            @DefaultValue("20") int maxPdfPages,
            @DefaultValue("3") int pdfOcrPages,
            @DefaultValue("tesseract") String tesseract,
            @DefaultValue("2") int ocrConcurrency) {
    }

    /**
     * How a sender that calls out retries on its retry topics: each retry waits twice as long as the one
     * before, from {@code retryDelay} up to {@code maxRetryDelay}.
     */
    public interface Retries {
        /** Tries of a failing call, the first included, before it is dead-lettered. */
        int attempts();

        /** Wait before the first retry. */
        Duration retryDelay();

        /** Longest wait between retries. */
        Duration maxRetryDelay();

        /** Partitions of the retry topics, created at start. */
        int retryTopicPartitions();

        /** Consumers of each of the sender's topics on this instance. */
        int concurrency();
    }

    /**
     * @param timeout       how long one callback may take before it counts as failed and is retried
     * @param attempts      tries of a failing callback, the first included, before it is dead-lettered
     * @param retryDelay    wait before the first retry, doubled at each retry
     * @param maxRetryDelay longest wait between retries
     * @param retryTopicPartitions partitions of the retry topics, created at start
     * @param concurrency   consumers of each of the telephony topics on this instance
     */
    public record Telephony(
            @DefaultValue("5s") Duration timeout,
            @DefaultValue("3") int attempts,
            @DefaultValue("1s") Duration retryDelay,
            @DefaultValue("30s") Duration maxRetryDelay,
            @DefaultValue("3") int retryTopicPartitions,
            @DefaultValue("1") int concurrency) implements Retries {
    }

    /**
     * How customers' webhooks are retried. Each project's endpoint, credentials, signing secret and
     * timeout are part of the project (its {@code WebhookSettings}), not of the deployment.
     *
     * @param attempts      tries of a failing call, the first included, before it is dead-lettered
     * @param retryDelay    wait before the first retry, doubled at each retry
     * @param maxRetryDelay longest wait between retries
     * @param retryTopicPartitions partitions of the retry topics, created at start
     * @param concurrency   consumers of each of the webhook topics on this instance: a customer's endpoint
     *                      may take seconds, and one consumer per partition keeps a slow one from holding
     *                      up the others
     */
    public record Webhooks(
            @DefaultValue("6") int attempts,
            @DefaultValue("1s") Duration retryDelay,
            @DefaultValue("60s") Duration maxRetryDelay,
            @DefaultValue("3") int retryTopicPartitions,
            @DefaultValue("3") int concurrency) implements Retries {
    }

    /**
     * @param graphBaseUrl      base URL of the Graph API, with its version
     * @param pageAccessTokens  page access tokens by the name a bot's {@code messenger.pageAccessTokenRef} gives
     * @param timeout           how long one Send API call may take before it counts as failed and is retried
     * @param attempts          tries of a failing send, the first included, before it is dead-lettered
     * @param retryDelay        wait before the first retry, doubled at each retry
     * @param maxRetryDelay     longest wait between retries
     * @param retryTopicPartitions partitions of the retry topics, created at start
     * @param concurrency       consumers of each of the Messenger topics on this instance
     */
    public record Messenger(
            @DefaultValue("https://graph.facebook.com/v21.0") String graphBaseUrl,
            @DefaultValue Map<String, String> pageAccessTokens,
            @DefaultValue("10s") Duration timeout,
            @DefaultValue("4") int attempts,
            @DefaultValue("1s") Duration retryDelay,
            @DefaultValue("30s") Duration maxRetryDelay,
            @DefaultValue("3") int retryTopicPartitions,
            @DefaultValue("1") int concurrency) implements Retries {
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

    /**
     * @param ticketKey            the key of the tickets that open streams of Botlhale and Messenger
     *                             sessions; the same as ingest's {@code parley.ingest.push-ticket-key}
     * @param maxStreamsPerSession streams open at once for one session on this instance (tabs of a browser)
     * @param maxStreams           streams open at once on this instance
     * @param maxCatchUps          reconnecting streams read back from the log at once on this instance
     */
    public record Push(
            String ticketKey,
            @DefaultValue("4") int maxStreamsPerSession,
            @DefaultValue("5000") int maxStreams,
            @DefaultValue("4") int maxCatchUps) {
    }
}
