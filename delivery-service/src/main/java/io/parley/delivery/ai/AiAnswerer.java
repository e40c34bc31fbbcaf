package io.parley.delivery.ai;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.parley.avro.AiAnswerReady;
import io.parley.avro.AiRequest;
import io.parley.avro.Command;
import io.parley.avro.DeliveryTarget;
import io.parley.delivery.DeliveryKafkaConfig;
import io.parley.delivery.DeliveryProperties;
import io.parley.delivery.OutboundAddresses;
import io.parley.delivery.OutboundCall;
import io.parley.delivery.receipts.DeliveryReceipts;
import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers the engine's AI requests: calls the chat-completions endpoint (here, where a call may block,
 * never in a stream thread) and sends the answer back as a command. A timeout, an error or a rate
 * limit ends in the bot's fallback answer, never in silence.
 */
@Component
class AiAnswerer {

    static final String CONTAINER_FACTORY = "aiListenerContainerFactory";
    private static final Logger log = LoggerFactory.getLogger(AiAnswerer.class);

    private final ChatCompletionsClient client;
    private final DeliveryProperties.Ai settings;
    private final KafkaTemplate<Object, Object> kafka;
    private final DeliveryReceipts receipts;
    private final OutboundAddresses addresses;

    AiAnswerer(DeliveryProperties properties, JsonMapper json, KafkaTemplate<Object, Object> parleyKafka,
               DeliveryReceipts receipts, OutboundAddresses addresses, OutboundCall outbound) {
        this.addresses = addresses;
        this.settings = properties.ai();
        this.client = new ChatCompletionsClient(outbound, json, settings.timeout());
        this.kafka = parleyKafka;
        this.receipts = receipts;
    }

    @KafkaListener(id = "ai-answerer", topics = "#{T(io.parley.topics.Topics).AI_REQUESTS.name()}",
            containerFactory = CONTAINER_FACTORY)
    void onRequest(ConsumerRecord<String, AiRequest> record) throws InterruptedException, ExecutionException, TimeoutException {
        AiRequest request = record.value();
        String baseUrl = Optional.ofNullable(request.getBaseUrl()).orElse(settings.baseUrl());
        String model = Optional.ofNullable(request.getModel()).orElse(settings.model());
        // A bot's own endpoint is an outside address like any other, and never gets the deployment's key.
        boolean deployments = stripSlash(baseUrl).equals(stripSlash(settings.baseUrl()));
        Optional<String> refusal = deployments ? Optional.empty() : addresses.refusal(baseUrl);
        ChatCompletionsClient.Outcome outcome = refusal.<ChatCompletionsClient.Outcome>map(ChatCompletionsClient.Outcome.Failed::new)
                .orElseGet(() -> client.complete(baseUrl, deployments ? settings.apiKey() : null, model, request.getMessages()));
        AiAnswerReady answer;
        if (outcome instanceof ChatCompletionsClient.Outcome.Answered answered) {
            answer = new AiAnswerReady(request.getRequestId(), answered.text(), answered.model(), null);
        } else {
            String cause = ((ChatCompletionsClient.Outcome.Failed) outcome).cause();
            log.warn("AI request {} of session {} failed ({}); answering with the fallback",
                    request.getRequestId(), request.getSessionId(), cause);
            answer = new AiAnswerReady(request.getRequestId(), request.getFallbackAnswer(), model, cause);
        }
        Command command = Command.newBuilder()
                .setCommandId("ai/" + request.getRequestId())
                .setSessionId(request.getSessionId())
                .setCompany(request.getCompany())
                .setBotId(request.getBotId())
                .setChannel(request.getChannel())
                .setIssuedAt(Instant.now())
                .setPayload(answer)
                .build();
        kafka.send(Topics.COMMANDS.name(), request.getSessionId(), command).get(10, TimeUnit.SECONDS);
        receipts.triedOnce(new DeliveryReceipts.Delivery(request.getSessionId(), request.getCompany(), request.getBotId(),
                request.getChannel(), DeliveryTarget.AI_ENDPOINT, request.getRequestId()), answer.getFailure());
    }

    /** Consumers of the AI requests; a request that cannot be read goes to its dead-letter topic. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class Consumers {
        @Bean(CONTAINER_FACTORY)
        ConcurrentKafkaListenerContainerFactory<String, AiRequest> aiListenerContainerFactory(
                DeliveryKafkaConfig.ListenerFactories factories) {
            ConcurrentKafkaListenerContainerFactory<String, AiRequest> factory =
                    factories.forTopic(Topics.AI_REQUESTS, Topics.AI_REQUESTS_DLT, "ai");
            // Calls may take seconds: several requests in flight keep one slow answer from holding up others.
            factory.setConcurrency(3);
            return factory;
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
