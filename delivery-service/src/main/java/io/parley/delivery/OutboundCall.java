package io.parley.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.core.instrument.binder.httpcomponents.hc5.ObservationExecChainHandler;
import io.micrometer.observation.ObservationRegistry;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Every HTTP call delivery makes to the outside world (telephony callbacks, customers' webhooks,
 * Messenger's Send API, chat-completions endpoints, the documents users link to), through one Apache HttpClient whose name resolver
 * applies {@link OutboundAddresses}: the address checked is the address connected to, so a name that
 * resolves elsewhere the second time (DNS rebinding) cannot reach the internal network. Each call has
 * one deadline for all of it and reads a bounded answer. The rule every retrying sender follows: a
 * 5xx, a 429, a timeout or an unreachable server may pass if asked again; a 4xx or a refused address
 * will not.
 */
@Component
public class OutboundCall implements DisposableBean {

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

    /** A far end's answer: its status and its body, read in full within the limits. */
    public record Answer(int statusCode, String body) {
    }

    /** The far end's answer was larger than Parley reads. */
    public static final class AnswerTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        AnswerTooLargeException(long maxBytes) {
            super("the answer is larger than " + maxBytes + " bytes");
        }
    }

    /** A name that resolves to an address Parley may not call. */
    public static final class RefusedAddressException extends UnknownHostException {
        private static final long serialVersionUID = 1L;

        RefusedAddressException(String why) {
            super(why);
        }
    }

    /** A downloaded answer: its status, the headers a caller decides on, and the body (none for a redirect). */
    public record Download(int statusCode, Optional<String> location, Optional<String> contentType, byte[] body) {
    }

    /** The status and headers of an answer, before its body is read. */
    public record Head(int statusCode, Optional<String> contentType, OptionalLong contentLength) {
    }

    /** The caller refused an answer by its status or headers; its body was not read. */
    public static final class RefusedAnswerException extends IOException {
        private static final long serialVersionUID = 1L;

        RefusedAnswerException(String why) {
            super(why);
        }
    }

    /** The most of a far end's answer read: enough for any error message or JSON answer Parley reads. */
    public static final int MAX_ANSWER_BYTES = 256 * 1024;
    private static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(5);

    private final CloseableHttpClient http;
    /** Runs calls so that the caller can stop waiting at the deadline and abort the call. */
    private final ExecutorService calls = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "outbound-call");
        thread.setDaemon(true);
        return thread;
    });

    /** Carries the caller's trace (the record being handled) onto the thread that makes the call. */
    private final ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();

    public OutboundCall(OutboundAddresses addresses, ObservationRegistry observations) {
        this.http = HttpClients.custom()
                // Each call is a client span of the turn's trace, and the far end gets its traceparent.
                .addExecInterceptorLast("observation", new ObservationExecChainHandler(observations))
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new SystemDefaultDnsResolver() {
                            @Override
                            public InetAddress[] resolve(String host) throws UnknownHostException {
                                InetAddress[] resolved = super.resolve(host);
                                for (InetAddress address : resolved) {
                                    Optional<String> refusal = addresses.refusal(host, address);
                                    if (refusal.isPresent()) {
                                        throw new RefusedAddressException(refusal.get());
                                    }
                                }
                                return resolved;
                            }
                        })
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(CONNECT_TIMEOUT).build())
                        .setMaxConnTotal(200)
                        .setMaxConnPerRoute(20)
                        .build())
                // A redirect could lead into the network, and a retry must be the sender's decision.
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .build();
    }

    /**
     * Posts {@code body} to {@code uri} with one deadline for all of it, connection, headers and body,
     * and reads at most {@code maxBodyBytes} of the answer: a far end answering slowly or endlessly
     * costs a bounded time and memory.
     */
    public Answer exchange(URI uri, Map<String, String> headers, String body, Duration deadline, int maxBodyBytes)
            throws IOException, InterruptedException {
        HttpPost post = new HttpPost(uri);
        headers.forEach(post::setHeader);
        post.setEntity(new ByteArrayEntity(body.getBytes(StandardCharsets.UTF_8), null));
        return within(deadline, post, () -> read(post, maxBodyBytes));
    }

    /** Runs the call, aborting it (which unblocks its I/O) when the deadline passes first. */
    private <T> T within(Duration deadline, HttpUriRequestBase request, Callable<T> call) throws IOException, InterruptedException {
        Future<T> running = calls.submit(snapshots.captureAll().wrap(call));
        try {
            return running.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            request.abort();
            running.cancel(true);
            throw new HttpTimeoutException("no full answer within " + deadline.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    /**
     * GETs {@code uri} with one deadline for all of it. A redirect's body is not read (its
     * {@code Location} is returned, not followed); any other answer is shown to {@code refusal} first,
     * which may refuse it by its status or type before a byte of its body is read; the body is read up
     * to {@code maxBytes}, a longer one failing with {@link AnswerTooLargeException} as soon as it is.
     */
    public Download get(URI uri, Map<String, String> headers, Duration deadline, long maxBytes,
                        Function<Head, Optional<String>> refusal) throws IOException, InterruptedException {
        HttpGet get = new HttpGet(uri);
        headers.forEach(get::setHeader);
        return within(deadline, get, () -> download(get, maxBytes, refusal));
    }

    private Download download(HttpGet get, long maxBytes, Function<Head, Optional<String>> refusal) throws IOException {
        try (ClassicHttpResponse response = http.executeOpen(null, get, null)) {
            int status = response.getCode();
            Optional<String> location = Optional.ofNullable(response.getFirstHeader("Location")).map(Header::getValue);
            Optional<String> contentType = Optional.ofNullable(response.getFirstHeader("Content-Type")).map(Header::getValue);
            if (status / 100 == 3) {
                get.abort();
                return new Download(status, location, contentType, new byte[0]);
            }
            HttpEntity entity = response.getEntity();
            OptionalLong length = entity == null || entity.getContentLength() < 0 ? OptionalLong.empty()
                    : OptionalLong.of(entity.getContentLength());
            Optional<String> refused = refusal.apply(new Head(status, contentType, length));
            if (refused.isPresent()) {
                get.abort();
                throw new RefusedAnswerException(refused.get());
            }
            if (length.isPresent() && length.getAsLong() > maxBytes) {
                get.abort();
                throw new AnswerTooLargeException(maxBytes);
            }
            try (InputStream in = entity == null ? InputStream.nullInputStream() : entity.getContent()) {
                byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 1, maxBytes) + 1);
                if (body.length > maxBytes) {
                    get.abort();
                    throw new AnswerTooLargeException(maxBytes);
                }
                return new Download(status, location, contentType, body);
            }
        }
    }

    private Answer read(HttpPost post, int maxBodyBytes) throws IOException {
        try (ClassicHttpResponse response = http.executeOpen(null, post, null)) {
            HttpEntity entity = response.getEntity();
            byte[] bytes;
            try (InputStream in = entity == null ? InputStream.nullInputStream() : entity.getContent()) {
                bytes = in.readNBytes(maxBodyBytes + 1);
                if (bytes.length > maxBodyBytes) {
                    // Closing the stream would read the rest first: the connection is dropped instead.
                    post.abort();
                    throw new AnswerTooLargeException(maxBodyBytes);
                }
            }
            return new Answer(response.getCode(), new String(bytes, StandardCharsets.UTF_8));
        }
    }

    /** Posts to {@code who}; returns the answer when it is a success, throws otherwise. */
    public Answer send(URI uri, Map<String, String> headers, String body, Duration timeout, String who) {
        Answer response;
        try {
            response = exchange(uri, headers, body, timeout, MAX_ANSWER_BYTES);
        } catch (HttpTimeoutException e) {
            throw new RetryableException(who + " did not answer within " + timeout.toMillis() + " ms");
        } catch (AnswerTooLargeException e) {
            throw new RejectedException(who + " answered with more than " + MAX_ANSWER_BYTES + " bytes");
        } catch (RefusedAddressException e) {
            throw new RejectedException(who + " may not be called: " + e.getMessage());
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

    @Override
    public void destroy() {
        http.close(CloseMode.IMMEDIATE);
        calls.shutdownNow();
    }
}
