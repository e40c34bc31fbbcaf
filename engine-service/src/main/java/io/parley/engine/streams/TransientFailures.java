package io.parley.engine.streams;

import java.time.Duration;

import io.parley.topics.DecodeFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's error handlers: a failure that may pass (the registry is away while a command or a
 * bot is decoded) fails the stream thread, which is replaced and reads the command again from the
 * last commit, so nothing is lost or dead-lettered; anything else is dead-lettered with its cause
 * and the thread goes on, as before.
 */
public final class TransientFailures {

    private static final Logger log = LoggerFactory.getLogger(TransientFailures.class);
    /** A replaced thread that fails again at once would spin: each failure waits this long first. */
    private static final Duration PAUSE = Duration.ofSeconds(1);

    private TransientFailures() {
    }

    /** For {@code deserialization.exception.handler}. */
    public static final class Deserialization extends LogAndContinueExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
            if (DecodeFailures.isTransient(exception)) {
                pause("decode", context, exception);
                return Response.fail();
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
