package io.parley.delivery.messenger;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.parley.avro.BotMessage;
import io.parley.avro.BotReply;
import io.parley.avro.Channel;
import io.parley.avro.DeliveryOutcome;
import io.parley.avro.DeliveryTarget;
import io.parley.avro.MessengerSettings;
import io.parley.delivery.DeliveryKafkaConfig;
import io.parley.delivery.DeliveryProperties;
import io.parley.delivery.OutboundCall;
import io.parley.delivery.receipts.DeliveryReceipts;
import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.BackOff;
import org.springframework.kafka.annotation.DltHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.RetryableTopic;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.retrytopic.RetryTopicHeaders;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the bot's Messenger answers through the Send API. Failures that may pass (5xx, 429, timeouts)
 * are retried with back-off on retry topics, so one slow page does not hold up the others; a refusal
 * (4xx) is not retried. After the last try the reply goes to the Messenger dead-letter topic with the
 * cause in its headers, and a FAILED receipt is recorded.
 */
@Component
class MessengerSender {

    static final String CONTAINER_FACTORY = "messengerListenerContainerFactory";

    private final SendApiClient sendApi;
    private final DeliveryProperties.Messenger settings;
    private final DeliveryReceipts receipts;
    private final KafkaTemplate<Object, Object> kafka;

    MessengerSender(DeliveryProperties properties, JsonMapper json, DeliveryReceipts receipts, KafkaTemplate<Object, Object> parleyKafka,
                    OutboundCall outbound) {
        this.kafka = parleyKafka;
        this.settings = properties.messenger();
        this.sendApi = new SendApiClient(outbound, json,
                settings.graphBaseUrl(), settings.timeout());
        this.receipts = receipts;
    }

    @RetryableTopic(attempts = "${parley.delivery.messenger.attempts:4}",
            backOff = @BackOff(delayString = "${parley.delivery.messenger.retry-delay-ms:1000}",
                    multiplier = 2.0, maxDelayString = "${parley.delivery.messenger.max-retry-delay-ms:30000}"),
            exclude = OutboundCall.RejectedException.class,
            retryTopicSuffix = "-retry", dltTopicSuffix = Topics.DEAD_LETTER_SUFFIX,
            numPartitions = "${parley.delivery.messenger.retry-topic-partitions:3}",
            kafkaTemplate = "parleyKafka")
    @KafkaListener(id = "messenger-sender", topics = "#{T(io.parley.topics.Topics).MESSENGER_OUTBOX.name()}",
            containerFactory = CONTAINER_FACTORY)
    void onReply(ConsumerRecord<String, BotReply> record,
                 @Header(name = RetryTopicHeaders.DEFAULT_HEADER_ATTEMPTS, required = false) Integer attempts)
            throws ExecutionException, InterruptedException, TimeoutException {
        BotReply reply = record.value();
        MessengerSettings page = reply.getMessengerPage();
        String token = page == null ? null : settings.pageAccessTokens().get(page.getPageAccessTokenRef());
        if (token == null) {
            throw new OutboundCall.RejectedException("no page access token is configured for bot "
                    + reply.getCompany() + "/" + reply.getBotId());
        }
        List<BotMessage> messages = reply.getMessages();
        for (int sent = 0; sent < messages.size(); sent++) {
            try {
                sendApi.send(reply.getUserId(), messages.get(sent), token);
            } catch (OutboundCall.RetryableException e) {
                if (sent == 0) {
                    throw e;
                }
                // The user has the first messages: only the rest is tried again, as a reply of its own.
                BotReply rest = BotReply.newBuilder(reply).setMessages(List.copyOf(messages.subList(sent, messages.size()))).build();
                kafka.send(Topics.MESSENGER_OUTBOX.name(), record.key(), rest).get(10, TimeUnit.SECONDS);
                return;
            }
        }
        receipts.record(reply.getSessionId(), reply.getCompany(), reply.getBotId(), Channel.MESSENGER,
                DeliveryTarget.MESSENGER, reply.getCommandId(), DeliveryOutcome.DELIVERED, attempts == null ? 1 : attempts, null);
    }

    @DltHandler
    void onDeadLetter(ConsumerRecord<String, BotReply> record,
                      @Header(name = KafkaHeaders.EXCEPTION_MESSAGE, required = false) String cause,
                      @Header(name = RetryTopicHeaders.DEFAULT_HEADER_ATTEMPTS, required = false) Integer attempts) {
        receipts.deadLettered(record, DeliveryTarget.MESSENGER, cause, attempts);
    }

    /** Consumers of the Messenger outbox; the retry topics' error handling is the retry feature's own. */
    @Configuration(proxyBeanMethods = false)
    static class Consumers {
        @Bean(CONTAINER_FACTORY)
        ConcurrentKafkaListenerContainerFactory<String, BotReply> messengerListenerContainerFactory(
                DeliveryKafkaConfig.ListenerFactories factories) {
            return factories.forTopic(Topics.MESSENGER_OUTBOX, Topics.MESSENGER_OUTBOX_DLT, "messenger");
        }
    }
}
