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

    /** A reply that failed for good: a FAILED receipt with the cause (unreadable bytes have only the log line). */
    public void deadLettered(ConsumerRecord<String, BotReply> record, DeliveryTarget target, String cause, Integer attempts) {
        BotReply reply = record.value();
        if (reply == null) {
            log.warn("unreadable reply {}-{}@{} dead-lettered: {}", record.topic(), record.partition(), record.offset(), cause);
            return;
        }
        log.warn("{} delivery of {} in session {} dead-lettered: {}", target, reply.getCommandId(), reply.getSessionId(), cause);
        record(reply.getSessionId(), reply.getCompany(), reply.getBotId(), reply.getChannel(), target, reply.getCommandId(),
                DeliveryOutcome.FAILED, attempts == null ? 1 : attempts, cause);
    }

    public void record(String sessionId, String company, long botId, Channel channel, DeliveryTarget target,
                       String reference, DeliveryOutcome outcome, int attempts, String detail) {
        DeliveryReceipt receipt = receipt(sessionId, company, botId, channel, target, reference, outcome, attempts, detail);
        try {
            // Acknowledged, not fire-and-forget: a receipt is part of the audit trail.
            kafka.send(Topics.DELIVERIES.name(), sessionId, receipt).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording a delivery receipt", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not record a delivery receipt", e);
        }
    }

    /**
     * Records a receipt without waiting: for the thread that fans replies out to every open push
     * stream, which must not stall every stream on one slow write. The producer retries on its own; a
     * receipt it finally cannot write is logged.
     */
    public void recordInBackground(String sessionId, String company, long botId, Channel channel, DeliveryTarget target,
                                   String reference, DeliveryOutcome outcome, int attempts, String detail) {
        kafka.send(Topics.DELIVERIES.name(), sessionId,
                receipt(sessionId, company, botId, channel, target, reference, outcome, attempts, detail))
                .whenComplete((written, failure) -> {
                    if (failure != null) {
                        log.error("could not record the {} receipt of {} in session {}", target, reference, sessionId, failure);
                    }
                });
    }

    private static DeliveryReceipt receipt(String sessionId, String company, long botId, Channel channel, DeliveryTarget target,
                                           String reference, DeliveryOutcome outcome, int attempts, String detail) {
        return DeliveryReceipt.newBuilder()
                .setSessionId(sessionId)
                .setCompany(company)
                .setBotId(botId)
                .setChannel(channel)
                .setTarget(target)
                .setReference(reference)
                .setOutcome(outcome)
                .setAttempts(attempts)
                .setDetail(detail)
                .setDeliveredAt(Instant.now())
                .build();
    }
}
