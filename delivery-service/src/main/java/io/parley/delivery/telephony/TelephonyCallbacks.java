package io.parley.delivery.telephony;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.parley.avro.BotReply;
import io.parley.avro.DeliveryTarget;
import io.parley.delivery.DeliveryKafkaConfig;
import io.parley.delivery.DeliveryProperties;
import io.parley.delivery.OutboundAddresses;
import io.parley.delivery.OutboundCall;
import io.parley.delivery.RetryingSender;
import io.parley.delivery.receipts.DeliveryReceipts;
import io.parley.talkr.TalkrAnswer;
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
 * Posts a telephony conversation's later messages (those nobody waited for, such as an AI answer) to
 * the callback URL the telephony server gave at the start of the call, as the TALKR telephony answer
 * with its speech settings. 5xx and timeouts are retried on retry topics; 4xx and refused URLs are not.
 * Retried as every sender that calls out is ({@link RetryingSender}), with {@code parley.delivery.telephony.*}.
 */
@Component(TelephonyCallbacks.BEAN)
class TelephonyCallbacks {

    static final String BEAN = "telephonyCallbacks";
    static final String CONTAINER_FACTORY = "telephonyListenerContainerFactory";

    private final OutboundCall outbound;
    private final JsonMapper json;
    private final Duration timeout;
    private final OutboundAddresses addresses;
    private final DeliveryReceipts receipts;

    TelephonyCallbacks(DeliveryProperties properties, JsonMapper json, OutboundAddresses addresses, DeliveryReceipts receipts,
                       OutboundCall outbound) {
        this.outbound = outbound;
        this.json = json;
        this.timeout = properties.telephony().timeout();
        this.addresses = addresses;
        this.receipts = receipts;
    }

    @KafkaListener(id = "telephony-callbacks", topics = "#{T(io.parley.topics.Topics).TELEPHONY_OUTBOX.name()}",
            containerFactory = CONTAINER_FACTORY)
    void onReply(ConsumerRecord<String, BotReply> record,
                 @Header(name = RetryTopicHeaders.DEFAULT_HEADER_ATTEMPTS, required = false) Integer attempts) {
        BotReply reply = record.value();
        addresses.refusal(reply.getCallbackUrl()).ifPresent(refusal -> {
            throw new OutboundCall.RejectedException(refusal);
        });
        outbound.send(URI.create(reply.getCallbackUrl()), Map.of("Content-Type", "application/json"),
                json.writeValueAsString(TalkrAnswer.of(reply)), timeout, "the telephony server");
        receipts.delivered(DeliveryReceipts.Delivery.of(reply, DeliveryTarget.TELEPHONY_CALLBACK), RetryingSender.thisTry(attempts),
                null);
    }

    /** After the last try, or refused: named by {@link RetryingSender#DEAD_LETTER_METHOD}. */
    void onDeadLetter(ConsumerRecord<String, BotReply> record,
                      @Header(name = KafkaHeaders.EXCEPTION_MESSAGE, required = false) String cause,
                      @Header(name = RetryTopicHeaders.DEFAULT_HEADER_ATTEMPTS, required = false) Integer attempts) {
        receipts.deadLettered(record, DeliveryTarget.TELEPHONY_CALLBACK, RetryingSender.causeOf(cause),
                RetryingSender.triesMade(attempts));
    }

    /** Consumers of the telephony outbox and its retry topics. */
    @Configuration(proxyBeanMethods = false)
    static class Consumers {
        private static RetryingSender<BotReply> sender(DeliveryProperties properties) {
            return new RetryingSender<>(Topics.TELEPHONY_OUTBOX_RETRIES, properties.telephony(), BEAN, "telephony");
        }

        @Bean(CONTAINER_FACTORY)
        ConcurrentKafkaListenerContainerFactory<String, BotReply> telephonyListenerContainerFactory(
                DeliveryKafkaConfig.ListenerFactories factories, DeliveryProperties properties) {
            return sender(properties).consumers(factories);
        }

        @Bean
        RetryTopicConfiguration telephonyRetryTopics(DeliveryProperties properties, KafkaTemplate<Object, Object> parleyKafka) {
            return sender(properties).retryTopics(parleyKafka);
        }
    }
}
