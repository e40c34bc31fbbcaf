package io.parley.delivery.replies;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.avro.BotReply;
import io.parley.avro.Channel;
import io.parley.topics.Topic;
import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * The one reader of the replies topic in the delivery group: counts every reply, and hands those that
 * leave through an outside channel to that channel's outbox (Messenger's Send API, a telephony server's
 * callback), where its sender and its retries read only their own traffic. Replies answered in the
 * request itself (web, the caller who waited) need nothing more; web push follows the replies topic.
 */
@Component
class ReplyDispatcher {

    static final String METRIC = "parley.delivery.replies";
    private static final Logger log = LoggerFactory.getLogger(ReplyDispatcher.class);

    private final MeterRegistry meters;
    private final KafkaTemplate<Object, Object> kafka;

    ReplyDispatcher(MeterRegistry meters, KafkaTemplate<Object, Object> parleyKafka) {
        this.meters = meters;
        this.kafka = parleyKafka;
    }

    @KafkaListener(id = "reply-dispatcher", topics = "#{T(io.parley.topics.Topics).REPLIES.name()}",
            containerFactory = ReplyConsumerConfig.CONTAINER_FACTORY)
    void onReply(ConsumerRecord<String, BotReply> record) throws InterruptedException, ExecutionException, TimeoutException {
        BotReply reply = record.value();
        Counter.builder(METRIC)
                .description("Replies read by delivery, by channel and status")
                .tag("channel", reply.getChannel().name())
                .tag("status", reply.getStatus().name())
                .register(meters)
                .increment();
        Topic<String, BotReply> outbox = outbox(reply);
        if (outbox != null) {
            // Acknowledged before the reply counts as read: a failure here is retried, then dead-lettered.
            kafka.send(outbox.name(), record.key(), reply).get(10, TimeUnit.SECONDS);
        }
        log.debug("reply {} of session {} on {} ({}) from {}-{}@{} {}", reply.getCommandId(), reply.getSessionId(),
                reply.getChannel(), reply.getStatus(), record.topic(), record.partition(), record.offset(),
                outbox == null ? "needs no outside call" : "handed to " + outbox.name());
    }

    /** Where a reply still has to go, or null when the caller already has it or nobody waits for it. */
    static Topic<String, BotReply> outbox(BotReply reply) {
        if (reply.getChannel() == Channel.MESSENGER && reply.getUserId() != null && !reply.getMessages().isEmpty()) {
            return Topics.MESSENGER_OUTBOX;
        }
        // A telephony server waiting on the request has its answer; later messages go to its callback URL.
        if (reply.getChannel() == Channel.TELEPHONY && reply.getReplyTo() == null && reply.getCallbackUrl() != null) {
            return Topics.TELEPHONY_OUTBOX;
        }
        return null;
    }
}
