package io.parley.delivery.receipts;

import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.parley.avro.BotReply;
import io.parley.avro.Channel;
import io.parley.avro.DeliveryOutcome;
import io.parley.avro.DeliveryReceipt;
import io.parley.avro.DeliveryTarget;
import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Records the outcome of every push and outside call on the deliveries topic, keyed by session. */
@Component
public class DeliveryReceipts {

    private static final Logger log = LoggerFactory.getLogger(DeliveryReceipts.class);

    private final KafkaTemplate<Object, Object> kafka;

    DeliveryReceipts(KafkaTemplate<Object, Object> parleyKafka) {
        this.kafka = parleyKafka;
    }

    /**
     * What a receipt is about: a conversation, the far end delivered to and what was delivered.
     *
     * @param reference the reply's command id, the request's id, or the webhook call's idempotency key
     */
    public record Delivery(String sessionId, String company, long botId, Channel channel, DeliveryTarget target,
                           String reference) {

        /** A reply (its command id the reference) delivered to {@code target}. */
        public static Delivery of(BotReply reply, DeliveryTarget target) {
            return new Delivery(reply.getSessionId(), reply.getCompany(), reply.getBotId(), reply.getChannel(), target,
                    reply.getCommandId());
        }
    }

    /** A delivery that arrived, after {@code attempts} tries; {@code detail} may say how (null if nothing). */
    public void delivered(Delivery delivery, int attempts, String detail) {
        record(delivery, DeliveryOutcome.DELIVERED, attempts, detail);
    }

    /** A delivery that failed for good, after {@code attempts} tries, and why. */
    public void failed(Delivery delivery, int attempts, String cause) {
        record(delivery, DeliveryOutcome.FAILED, attempts, cause);
    }

    /**
     * A request tried once, whose answer goes back to the conversation either way (an AI answer, a
     * document's text): delivered, or failed with {@code failure} when there is one.
     */
    public void triedOnce(Delivery delivery, String failure) {
        record(delivery, failure == null ? DeliveryOutcome.DELIVERED : DeliveryOutcome.FAILED, 1, failure);
    }

    /** A reply that failed for good: a FAILED receipt with the cause (unreadable bytes have only the log line). */
    public void deadLettered(ConsumerRecord<String, BotReply> record, DeliveryTarget target, String cause, int attempts) {
        BotReply reply = record.value();
        if (reply == null) {
            log.warn("unreadable reply {}-{}@{} dead-lettered: {}", record.topic(), record.partition(), record.offset(), cause);
            return;
        }
        log.warn("{} delivery of {} in session {} dead-lettered: {}", target, reply.getCommandId(), reply.getSessionId(), cause);
        failed(Delivery.of(reply, target), attempts, cause);
    }

    /**
     * A first try that arrived, recorded without waiting: for the thread that fans replies out to every
     * open push stream, which must not stall every stream on one slow write. The producer retries on its
     * own; a receipt it finally cannot write is logged.
     */
    public void deliveredInBackground(Delivery delivery, String detail) {
        kafka.send(Topics.DELIVERIES.name(), delivery.sessionId(), receipt(delivery, DeliveryOutcome.DELIVERED, 1, detail))
                .whenComplete((written, failure) -> {
                    if (failure != null) {
                        log.error("could not record the {} receipt of {} in session {}", delivery.target(), delivery.reference(),
                                delivery.sessionId(), failure);
                    }
                });
    }

    private void record(Delivery delivery, DeliveryOutcome outcome, int attempts, String detail) {
        try {
            // Acknowledged, not fire-and-forget: a receipt is part of the audit trail.
            kafka.send(Topics.DELIVERIES.name(), delivery.sessionId(), receipt(delivery, outcome, attempts, detail))
                    .get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording a delivery receipt", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not record a delivery receipt", e);
        }
    }

    private static DeliveryReceipt receipt(Delivery delivery, DeliveryOutcome outcome, int attempts, String detail) {
        return DeliveryReceipt.newBuilder()
                .setSessionId(delivery.sessionId())
                .setCompany(delivery.company())
                .setBotId(delivery.botId())
                .setChannel(delivery.channel())
                .setTarget(delivery.target())
                .setReference(delivery.reference())
                .setOutcome(outcome)
                .setAttempts(attempts)
                .setDetail(detail)
                .setDeliveredAt(Instant.now())
                .build();
    }
}
