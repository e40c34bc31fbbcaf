package io.parley.engine.topology;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.parley.topics.DecodeFailures;
import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's error handlers. A failure that may pass (the registry is away while a command or a bot
 * is decoded) fails the stream thread, which is replaced and reads the command again from the last
 * commit, so nothing is lost or dead-lettered; anything else is dead-lettered with its cause and the
 * thread goes on. An output too large for the broker dead-letters its command instead of failing
 * the partition for good.
 */
public final class EngineErrorHandlers {

    private static final Logger log = LoggerFactory.getLogger(EngineErrorHandlers.class);
    /** A replaced thread that fails again at once would spin: each failure waits this long first. */
    private static final Duration PAUSE = Duration.ofSeconds(1);

    private EngineErrorHandlers() {
    }

    /** For {@code deserialization.exception.handler}. */
    public static final class Deserialization extends LogAndContinueExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
            if (DecodeFailures.isTransient(exception)) {
                pause("decode", context, exception);
                return Response.fail();
            }
            if (Topics.BOTS.name().equals(context.topic())) {
                // Read by the global thread, which cannot write dead letters (asking it to kills it, and the
                // engine with it): a bot version no one can decode is skipped, and the log says which.
                log.error("skipping an unreadable bot definition {}-{}@{}", context.topic(), context.partition(), context.offset(),
                        exception);
                return Response.resume();
            }
            return super.handleError(context, record, exception);
        }
    }

    /** For {@code processing.exception.handler}. */
    public static final class Processing extends LogAndContinueProcessingExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            if (DecodeFailures.isTransient(exception)) {
                pause("process", context, exception);
                return Response.fail();
            }
            return super.handleError(context, record, exception);
        }
    }

    /** For {@code production.exception.handler}. */
    public static final class Production extends DefaultProductionExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
            if (exception instanceof RecordTooLargeException) {
                log.error("an output of {}-{}@{} to {} is larger than the broker takes ({} bytes); its command is dead-lettered",
                        context.topic(), context.partition(), context.offset(), record.topic(),
                        record.value() == null ? 0 : record.value().length);
                ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(Topics.COMMANDS_DLT.name(), null,
                        context.sourceRawKey(), context.sourceRawValue(), context.headers());
                dead.headers().add("parley.exception.message", ("an output to " + record.topic()
                        + " is larger than the broker takes: " + exception.getMessage()).getBytes(StandardCharsets.UTF_8));
                return Response.resume(List.of(dead));
            }
            return super.handleError(context, record, exception);
        }
    }

    private static void pause(String what, ErrorHandlerContext context, Exception exception) {
        log.warn("cannot {} {}-{}@{} now; the thread is replaced and reads it again: {}", what, context.topic(),
                context.partition(), context.offset(), exception.toString());
        try {
            Thread.sleep(PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
