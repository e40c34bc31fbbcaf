package io.parley.delivery.webhooks;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.parley.avro.Command;
import io.parley.avro.DeliveryTarget;
import io.parley.avro.ProjectWebhook;
import io.parley.avro.WebhookFailed;
import io.parley.avro.WebhookRequest;
import io.parley.avro.WebhookSettings;
import io.parley.delivery.DeliveryKafkaConfig;
import io.parley.delivery.DeliveryProperties;
import io.parley.delivery.OutboundAddresses;
import io.parley.delivery.OutboundCall;
import io.parley.delivery.RetryingSender;
import io.parley.delivery.receipts.DeliveryReceipts;
import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;
import org.springframework.kafka.retrytopic.RetryTopicHeaders;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Calls the webhook of the project that owns the bot with TalkLift's JSON ({@link TalkLiftBody}),
 * for every request on {@code parley.webhooks.v1}. A 2xx answer acknowledges the call. Failures that
 * may pass (5xx, 429, timeouts, unreachable) are retried with back-off on retry topics; a refusal (4xx),
 * a redirect (not followed), a URL Parley must not call or a bot without a project or webhook is not.
 * Retried as every sender that calls out is ({@link RetryingSender}), with {@code parley.delivery.webhooks.*}.
 * After the last try the request lies on {@code parley.webhooks.v1-dlt} with the cause in its headers,
 * and the conversation is told with a {@link WebhookFailed} command.
 *
 * <h2>What the customer receives</h2>
 * {@code POST <webhook url>} with the body and these headers:
 * <ul>
 *   <li>{@code Content-Type: application/json}</li>
 *   <li>{@code Authorization: Basic base64(user:password)}, when the project set a basic auth user</li>
 *   <li>{@code Idempotency-Key: <key>}: the same on every retry and replay of a call; drop duplicates by it</li>
 *   <li>{@code X-Parley-Event: <event_name>}: the body's event name, with {@code %}, control and non-ASCII
 *       characters percent-encoded (UTF-8)</li>
 *   <li>{@code X-Parley-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>}: {@code t} is the time of this
 *       attempt, {@code v1} the lowercase hex HMAC-SHA256, under the project's signing secret, of
 *       {@code t + "." + body} (the raw body bytes, UTF-8)</li>
 * </ul>
 * To verify a call: split the signature header at {@code ,} and {@code =} to get {@code t} and
 * {@code v1}; compute HMAC-SHA256(secret, {@code t + "." + raw body}) as lowercase hex; compare it with
 * {@code v1} in constant time; refuse the call when they differ or when {@code t} is more than a few
 * minutes from now; then drop it if its {@code Idempotency-Key} was seen already. A retry is signed anew
 * (new {@code t}), its body is the same.
 */
@Component(WebhookSender.BEAN)
class WebhookSender {

    static final String BEAN = "webhookSender";
    static final String CONTAINER_FACTORY = "webhookListenerContainerFactory";

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    private static final HexFormat PERCENT_HEX = HexFormat.of().withUpperCase();

    private final OutboundCall outbound;
    private final ProjectDirectory projects;
    private final OutboundAddresses addresses;
    private final KafkaTemplate<Object, Object> kafka;
    private final DeliveryReceipts receipts;

    WebhookSender(ProjectDirectory projects, OutboundAddresses addresses, KafkaTemplate<Object, Object> parleyKafka,
                  DeliveryReceipts receipts, OutboundCall outbound) {
        this.outbound = outbound;
        this.projects = projects;
        this.addresses = addresses;
        this.kafka = parleyKafka;
        this.receipts = receipts;
    }

    @KafkaListener(id = "webhook-sender", topics = "#{T(io.parley.topics.Topics).WEBHOOKS.name()}",
            containerFactory = CONTAINER_FACTORY)
    void onRequest(ConsumerRecord<String, WebhookRequest> record,
                   @Header(name = RetryTopicHeaders.DEFAULT_HEADER_ATTEMPTS, required = false) Integer attempts) {
        WebhookRequest request = record.value();
        if (request == null) {
            throw new OutboundCall.RejectedException("a webhook request without a value");
        }
        String bot = Topics.botKey(request.getCompany(), request.getBotId());
        ProjectWebhook project = projects.owning(request.getCompany(), request.getBotId())
                .orElseThrow(() -> new OutboundCall.RejectedException("bot " + bot + " belongs to no project"));
        WebhookSettings webhook = project.getWebhook();
        if (webhook == null) {
            throw new OutboundCall.RejectedException("no webhook is configured for project " + project.getProjectId());
        }
        addresses.refusal(webhook.getUrl()).ifPresent(refusal -> {
            throw new OutboundCall.RejectedException("the webhook of project " + project.getProjectId() + " may not be called: " + refusal);
        });
        if (webhook.getSigningSecret().isEmpty() || webhook.getTimeoutMillis() <= 0) {
            throw new OutboundCall.RejectedException("the webhook of project " + project.getProjectId()
                    + " needs a signing secret and a positive timeout");
        }
        String body = TalkLiftBody.render(request, project);
        Duration timeout = Duration.ofMillis(webhook.getTimeoutMillis());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Idempotency-Key", request.getIdempotencyKey());
        headers.put("X-Parley-Event", percentEncoded(request.getEventName()));
        // Signed at each attempt: the time says when this try was made, not the first.
        headers.put(WebhookSignature.HEADER, WebhookSignature.header(webhook.getSigningSecret(), Instant.now(), body));
        if (webhook.getBasicAuthUsername() != null) {
            String credentials = webhook.getBasicAuthUsername() + ":" + Objects.requireNonNullElse(webhook.getBasicAuthPassword(), "");
            headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        OutboundCall.Answer response = outbound.send(URI.create(webhook.getUrl()), headers, body, timeout,
                "the webhook of project " + project.getProjectId());
        if (response.statusCode() / 100 != 2) {
            // Redirects are not followed (they could lead inside the network): the call did not arrive.
            throw new OutboundCall.RejectedException("the webhook of project " + project.getProjectId() + " answered "
                    + response.statusCode() + "; redirects are not followed");
        }
        receipts.delivered(delivery(request), RetryingSender.thisTry(attempts), "answered " + response.statusCode());
    }

    /**
     * Tells the conversation the call failed for good, so the module does not wait for it forever:
     * after the last try, or refused ({@link RetryingSender#DEAD_LETTER_METHOD}).
     */
    void onDeadLetter(ConsumerRecord<String, WebhookRequest> record,
                      @Header(name = KafkaHeaders.EXCEPTION_MESSAGE, required = false) String cause,
                      @Header(name = RetryTopicHeaders.DEFAULT_HEADER_ATTEMPTS, required = false) Integer attempts)
            throws InterruptedException, ExecutionException, TimeoutException {
        WebhookRequest request = record.value();
        if (request == null) {
            log.warn("webhook request {}-{}@{} without a value dead-lettered: {}", record.topic(), record.partition(), record.offset(), cause);
            return;
        }
        String why = RetryingSender.causeOf(cause);
        log.warn("webhook call {} of session {} failed for good: {}", request.getIdempotencyKey(), request.getSessionId(), why);
        Command command = Command.newBuilder()
                .setCommandId("webhook-failed/" + request.getIdempotencyKey())
                .setSessionId(request.getSessionId())
                .setCompany(request.getCompany())
                .setBotId(request.getBotId())
                .setChannel(request.getChannel())
                .setIssuedAt(Instant.now())
                .setPayload(new WebhookFailed(request.getIdempotencyKey(), request.getKind(), why))
                .build();
        kafka.send(Topics.COMMANDS.name(), request.getSessionId(), command).get(10, TimeUnit.SECONDS);
        receipts.failed(delivery(request), RetryingSender.triesMade(attempts), why);
    }

    private static DeliveryReceipts.Delivery delivery(WebhookRequest request) {
        return new DeliveryReceipts.Delivery(request.getSessionId(), request.getCompany(), request.getBotId(), request.getChannel(),
                DeliveryTarget.WEBHOOK, request.getIdempotencyKey());
    }

    /**
     * Module names may hold any character; the JDK refuses header values with control or non-Latin-1
     * characters, and proxies mangle other non-ASCII ones.
     */
    static String percentEncoded(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            if (b < 0x20 || b == 0x7f || b == '%') { // bytes >= 0x80 are negative
                encoded.append('%').append(PERCENT_HEX.toHexDigits(b));
            } else {
                encoded.append((char) b);
            }
        }
        return encoded.toString();
    }

    /** Consumers of the webhook requests and their retry topics. */
    @Configuration(proxyBeanMethods = false)
    static class Consumers {
        private static RetryingSender<WebhookRequest> sender(DeliveryProperties properties) {
            return new RetryingSender<>(Topics.WEBHOOK_RETRIES, properties.webhooks(), BEAN, "webhooks");
        }

        @Bean(CONTAINER_FACTORY)
        ConcurrentKafkaListenerContainerFactory<String, WebhookRequest> webhookListenerContainerFactory(
                DeliveryKafkaConfig.ListenerFactories factories, DeliveryProperties properties) {
            return sender(properties).consumers(factories);
        }

        @Bean
        RetryTopicConfiguration webhookRetryTopics(DeliveryProperties properties, KafkaTemplate<Object, Object> parleyKafka) {
            return sender(properties).retryTopics(parleyKafka);
        }
    }
}
