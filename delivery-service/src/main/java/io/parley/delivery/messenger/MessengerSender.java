package io.parley.delivery.messenger;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.parley.avro.BotMessage;
import io.parley.avro.BotReply;
import io.parley.avro.DeliveryTarget;
import io.parley.avro.MessengerSettings;
import io.parley.delivery.DeliveryKafkaConfig;
import io.parley.delivery.DeliveryProperties;
import io.parley.delivery.OutboundCall;
import io.parley.delivery.RetryingSender;
import io.parley.delivery.receipts.DeliveryReceipts;
import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the bot's Messenger answers through the Send API. Failures that may pass (5xx, 429, timeouts)
 * are retried with back-off on retry topics, so one slow page does not hold up the others; a refusal
 * (4xx) is not retried. After the last try the reply goes to the Messenger dead-letter topic with the
 * cause in its headers, and a FAILED receipt is recorded. Retried as every sender that calls out is
 * ({@link RetryingSender}), with {@code parley.delivery.messenger.*}.
 */
@Component(MessengerSender.BEAN)
class MessengerSender {

    static final String BEAN = "messengerSender";
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
        receipts.delivered(DeliveryReceipts.Delivery.of(reply, DeliveryTarget.MESSENGER), RetryingSender.thisTry(attempts), null);
    }

    /** After the last try, or refused: named by {@link RetryingSender#DEAD_LETTER_METHOD}. */
    void onDeadLetter(ConsumerRecord<String, BotReply> record,
                      @Header(name = KafkaHeaders.EXCEPTION_MESSAGE, required = false) String cause,
                      @Header(name = RetryTopicHeaders.DEFAULT_HEADER_ATTEMPTS, required = false) Integer attempts) {
        receipts.deadLettered(record, DeliveryTarget.MESSENGER, RetryingSender.causeOf(cause), RetryingSender.triesMade(attempts));
    }

    /** Consumers of the Messenger outbox and its retry topics. */
    @Configuration(proxyBeanMethods = false)
    static class Consumers {
        private static RetryingSender<BotReply> sender(DeliveryProperties properties) {
            return new RetryingSender<>(Topics.MESSENGER_OUTBOX_RETRIES, properties.messenger(), BEAN, "messenger");
        }

        @Bean(CONTAINER_FACTORY)
        ConcurrentKafkaListenerContainerFactory<String, BotReply> messengerListenerContainerFactory(
                DeliveryKafkaConfig.ListenerFactories factories, DeliveryProperties properties) {
            return sender(properties).consumers(factories);
        }

        @Bean
        RetryTopicConfiguration messengerRetryTopics(DeliveryProperties properties, KafkaTemplate<Object, Object> parleyKafka) {
            return sender(properties).retryTopics(parleyKafka);
        }
    }
}
