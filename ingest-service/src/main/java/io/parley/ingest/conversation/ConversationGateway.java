package io.parley.ingest.conversation;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.parley.avro.BotReply;
import io.parley.avro.Command;
import io.parley.avro.ReplyAddress;
import io.parley.ingest.IngestProperties;
import io.parley.topics.TopicFollower;
import io.parley.topics.Topics;
import io.parley.topics.TraceHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Request-reply over Kafka: publishes a command addressed back to this instance and completes when
 * the engine's reply for it arrives on the replies topic. Any instance can take any request.
 */
@Component
public class ConversationGateway implements DisposableBean {

    private final KafkaProducer<String, Command> producer;
    private final TopicFollower<String, BotReply> replies;
    private final String instanceId;
    private final Duration replyTimeout;
    private final Map<String, CompletableFuture<BotReply>> waiting = new ConcurrentHashMap<>();
    private final ObservationRegistry observations;

    ConversationGateway(KafkaClients clients, IngestProperties properties, ObservationRegistry observations) {
        this.observations = observations;
        this.producer = clients.producer(Topics.COMMANDS);
        this.instanceId = clients.instanceId();
        this.replyTimeout = properties.replyTimeout();
        this.replies = new TopicFollower<>(clients.follower(Topics.REPLIES), Topics.REPLIES.name(),
                TopicFollower.StartAt.END, this::onReply).start();
    }

    /**
     * Sends {@code command} and completes with its reply; fails with {@link ReplyTimeoutException} when
     * none comes in time, or with the producer's error when the command could not be written.
     */
    public CompletableFuture<BotReply> request(Command command) {
        String correlationId = UUID.randomUUID().toString();
        command.setReplyTo(new ReplyAddress(instanceId, correlationId));
        CompletableFuture<BotReply> reply = new CompletableFuture<>();
        waiting.put(correlationId, reply);
        send(command, error -> reply.completeExceptionally(new CommandNotAcceptedException(error)), () -> { });
        return reply
                .orTimeout(replyTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(error -> CompletableFuture.failedFuture(
                        error instanceof java.util.concurrent.TimeoutException ? new ReplyTimeoutException(replyTimeout) : error))
                .whenComplete((ignored, error) -> waiting.remove(correlationId));
    }

    /**
     * Sends {@code command} for a caller that does not wait for the reply (it is pushed); completes
     * when Kafka has acknowledged it.
     */
    public CompletableFuture<Void> submit(Command command) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        send(command, error -> written.completeExceptionally(new CommandNotAcceptedException(error)), () -> written.complete(null));
        return written;
    }

    /** Writes the command with the caller's trace context in its headers, so the engine's work joins the request's trace. */
    private void send(Command command, Consumer<Exception> failed, Runnable written) {
        ProducerRecord<String, Command> record = new ProducerRecord<>(Topics.COMMANDS.name(), command.getSessionId(), command);
        Observation sending = TraceHeaders.sending("parley.command.send", Topics.COMMANDS, record.headers(), observations).start();
        try (Observation.Scope ignored = sending.openScope()) {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    sending.error(error);
                    failed.accept(error);
                } else {
                    written.run();
                }
                sending.stop();
            });
        } catch (RuntimeException e) {
            sending.error(e);
            sending.stop();
            throw e;
        }
    }

    private void onReply(ConsumerRecord<String, BotReply> record) {
        ReplyAddress address = record.value() == null ? null : record.value().getReplyTo();
        if (address == null || !instanceId.equals(address.getInstanceId())) {
            return;
        }
        CompletableFuture<BotReply> reply = waiting.get(address.getCorrelationId());
        if (reply != null) {
            reply.complete(record.value());
        }
    }

    @Override
    public void destroy() {
        replies.close();
        producer.close(Duration.ofSeconds(5));
    }

    /** The engine did not answer in time; the turn may still be applied later. */
    public static final class ReplyTimeoutException extends RuntimeException {
        ReplyTimeoutException(Duration timeout) {
            super("the conversation engine did not answer within " + timeout.toMillis() + " ms; try again");
        }
    }

    /** Kafka refused the command: nothing was recorded. */
    public static final class CommandNotAcceptedException extends RuntimeException {
        CommandNotAcceptedException(Throwable cause) {
            super("the command could not be recorded: " + cause.getMessage(), cause);
        }
    }
}
