package io.parley.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP call to the outside world, with the rule every retrying sender follows: a 5xx, a 429, a
 * timeout or an unreachable server may pass if asked again; a 4xx will not.
 */
public final class OutboundCall {

    /** The far end may accept the call if asked again. */
    public static final class RetryableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public RetryableException(String message) {
            super(message);
        }
    }

    /** Asking again will not help: a 4xx, or a call Parley must not make. */
    public static final class RejectedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public RejectedException(String message) {
            super(message);
        }
    }

    /** The most of a far end's answer read: enough for any error message or JSON answer Parley reads. */
    public static final int MAX_ANSWER_BYTES = 256 * 1024;

    /** Reads answers' bodies against their deadline, off the caller's thread, which waits for it. */
    private static final ExecutorService readers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "outbound-answer-reader");
        thread.setDaemon(true);
        return thread;
    });

    /** A far end's answer: its status and its body, read in full within the limits. */
    public record Answer(int statusCode, String body) {
    }

    /** The far end's answer was larger than Parley reads. */
    public static final class AnswerTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        AnswerTooLargeException(int maxBytes) {
            super("the answer is larger than " + maxBytes + " bytes");
        }
    }

    private OutboundCall() {
    }

    /**
     * Makes the call with one deadline for all of it, headers and body, and reads at most
     * {@code maxBodyBytes} of the body: a far end answering slowly or endlessly costs a bounded time and
     * memory. (The client's own request timeout covers only the wait for the headers.)
     */
    public static Answer exchange(HttpClient http, HttpRequest request, Duration deadline, int maxBodyBytes)
            throws IOException, InterruptedException {
        long until = System.nanoTime() + deadline.toNanos();
        CompletableFuture<HttpResponse<InputStream>> pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> response = await(pending, until, deadline);
        try (InputStream body = response.body()) {
            Future<byte[]> reading = readers.submit(() -> body.readNBytes(maxBodyBytes + 1));
            byte[] bytes;
            try {
                bytes = await(reading, until, deadline);
            } finally {
                reading.cancel(true);
            }
            if (bytes.length > maxBodyBytes) {
                throw new AnswerTooLargeException(maxBodyBytes);
            }
            return new Answer(response.statusCode(), new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private static <T> T await(Future<T> future, long untilNanos, Duration deadline) throws IOException, InterruptedException {
        try {
            return future.get(Math.max(0, untilNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException("no full answer within " + deadline.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    /** Sends {@code request} to {@code who}; returns the answer when it is a success, throws otherwise. */
    public static Answer send(HttpClient http, HttpRequest request, Duration timeout, String who) {
        Answer response;
        try {
            response = exchange(http, request, timeout, MAX_ANSWER_BYTES);
        } catch (HttpTimeoutException e) {
            throw new RetryableException(who + " did not answer within " + timeout.toMillis() + " ms");
        } catch (AnswerTooLargeException e) {
            throw new RejectedException(who + " answered with more than " + MAX_ANSWER_BYTES + " bytes");
        } catch (IOException e) {
            throw new RetryableException("could not reach " + who + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableException("interrupted while calling " + who);
        }
        int status = response.statusCode();
        if (status >= 500 || status == 429) {
            throw new RetryableException(who + " answered " + status + ": " + abbreviate(response.body()));
        }
        if (status >= 400) {
            throw new RejectedException(who + " refused the message with " + status + ": " + abbreviate(response.body()));
        }
        return response;
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
