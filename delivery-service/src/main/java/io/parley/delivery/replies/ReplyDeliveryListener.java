package io.parley.delivery.replies;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.avro.BotReply;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Records each reply the engine produced. Channels (web push, Messenger, telephony) hang off here;
 * for now a delivery is a log line and the {@code parley.delivery.replies} counter.
 */
@Component
class ReplyDeliveryListener {

    static final String METRIC = "parley.delivery.replies";
    private static final Logger log = LoggerFactory.getLogger(ReplyDeliveryListener.class);

    private final MeterRegistry meters;

    ReplyDeliveryListener(MeterRegistry meters) {
        this.meters = meters;
    }

    @KafkaListener(id = "reply-delivery", topics = "#{T(io.parley.topics.Topics).REPLIES.name()}",
            containerFactory = ReplyConsumerConfig.CONTAINER_FACTORY)
    void onReply(ConsumerRecord<String, BotReply> record) {
        BotReply reply = record.value();
        Counter.builder(METRIC)
                .description("Replies recorded for delivery, by channel and status")
                .tag("channel", reply.getChannel().name())
                .tag("status", reply.getStatus().name())
                .register(meters)
                .increment();
        log.info("delivered reply {} of session {} on {} ({}, {} messages) from {}-{}@{}",
                reply.getCommandId(), reply.getSessionId(), reply.getChannel(), reply.getStatus(),
                reply.getMessages().size(), record.topic(), record.partition(), record.offset());
    }
}
