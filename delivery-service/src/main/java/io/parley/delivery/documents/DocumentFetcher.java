package io.parley.delivery.documents;

import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import io.parley.avro.DocumentKind;
import io.parley.delivery.OutboundAddresses;

/**
 * Downloads a document a user sent by URL, as carefully as a URL from outside deserves: http(s) only,
 * every address checked before it is connected to (redirects are followed by hand, each hop checked),
 * one deadline for the whole download, the body capped as it streams in (a missing or lying
 * Content-Length changes nothing), and the content checked to be what was asked for, by its declared
 * type and by its first bytes.
 */
final class DocumentFetcher {

    /** Redirects followed before giving up. */
    static final int MAX_REDIRECTS = 3;

    static final Set<String> IMAGE_TYPES =
            Set.of("image/png", "image/jpeg", "image/tiff", "image/gif", "image/bmp", "image/webp");
    private static final String PDF_TYPE = "application/pdf";
    private static final String UNTYPED = "application/octet-stream";
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    /** A downloaded document, of a format Parley reads. */
    record Fetched(DocumentFormat format, byte[] bytes) {
    }

    private final HttpClient http;
    private final OutboundAddresses addresses;
    private final long maxBytes;
    private final Duration timeout;

    DocumentFetcher(HttpClient http, OutboundAddresses addresses, long maxBytes, Duration timeout) {
        this.http = http;
        this.addresses = addresses;
        this.maxBytes = maxBytes;
        this.timeout = timeout;
    }

    /** A client for {@link DocumentFetcher}: it must not follow redirects on its own, unchecked. */
    static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
    }

    /** The document at {@code url}, which must be of {@code kind}. */
    Fetched fetch(String url, DocumentKind kind) throws UnreadableDocumentException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI target = parse(url);
        for (int redirects = 0; ; redirects++) {
            Optional<String> refusal = addresses.refusal(target.toString());
            if (refusal.isPresent()) {
                throw new UnreadableDocumentException("the link may not be fetched: " + refusal.get());
            }
            Hop hop = new Hop(kind);
            byte[] body = get(target, hop, deadline);
            if (hop.location == null) {
                return checked(kind, hop.mediaType, body);
            }
            if (redirects == MAX_REDIRECTS) {
                throw new UnreadableDocumentException("the link redirects more than " + MAX_REDIRECTS + " times");
            }
            target = redirected(target, hop.location);
        }
    }

    private byte[] get(URI target, Hop hop, long deadline) throws UnreadableDocumentException, InterruptedException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw timedOut();
        }
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofNanos(remaining))
                .header("Accept", hop.accept())
                .header("User-Agent", "Parley document reader")
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> response = http.sendAsync(request, hop);
        try {
            // The request's own timeout ends with the headers; this one covers the body too.
            return response.get(remaining, TimeUnit.NANOSECONDS).body();
        } catch (TimeoutException e) {
            response.cancel(true);
            hop.abandon();
            throw timedOut();
        } catch (InterruptedException e) {
            response.cancel(true);
            hop.abandon();
            throw e;
        } catch (ExecutionException e) {
            throw unreachable(e.getCause());
        }
    }

    private UnreadableDocumentException unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnreadableDocumentException unreadable) {
                return unreadable;
            }
            if (cause instanceof HttpConnectTimeoutException) {
                return new UnreadableDocumentException("could not connect to the server within " + seconds(timeout));
            }
            if (cause instanceof HttpTimeoutException) {
                return timedOut();
            }
            if (cause instanceof ConnectException) {
                return new UnreadableDocumentException("could not connect to the server");
            }
            if (cause instanceof SSLException) {
                return new UnreadableDocumentException("the server's secure connection could not be established");
            }
        }
        return new UnreadableDocumentException("the download failed before the document was complete");
    }

    private UnreadableDocumentException timedOut() {
        return new UnreadableDocumentException("the server did not send the document within " + seconds(timeout));
    }

    /** Checks the body against what was asked for: its declared type, then its first bytes. */
    private static Fetched checked(DocumentKind kind, String mediaType, byte[] body) throws UnreadableDocumentException {
        if (body.length == 0) {
            throw new UnreadableDocumentException("the server sent an empty file");
        }
        Optional<DocumentFormat> format = DocumentFormat.sniff(body);
        if (PDF_TYPE.equals(mediaType)) {
            // PDFBox judges the rest; some producers put a few bytes before the header.
            return new Fetched(DocumentFormat.PDF, body);
        }
        if (mediaType == null || UNTYPED.equals(mediaType)) {
            if (format.filter(f -> f == DocumentFormat.PDF).isPresent()) {
                return new Fetched(DocumentFormat.PDF, body);
            }
            throw new UnreadableDocumentException("expected " + expected(kind) + " but the server sent "
                    + (mediaType == null ? "a file of no declared type" : mediaType) + " that is not a PDF");
        }
        if (format.filter(DocumentFormat::isImage).isPresent()) {
            return new Fetched(format.get(), body);
        }
        throw new UnreadableDocumentException("the server said the file is " + mediaType + " but it is not an image Parley can read");
    }

    /** Why a response of {@code mediaType} is not worth downloading for {@code kind}, if it is not. */
    static Optional<String> typeRefusal(DocumentKind kind, String mediaType) {
        boolean pdf = mediaType == null || PDF_TYPE.equals(mediaType) || UNTYPED.equals(mediaType);
        boolean image = mediaType != null && IMAGE_TYPES.contains(mediaType);
        boolean wanted = switch (kind) {
            case PDF -> pdf;
            case IMAGE -> image;
            default -> pdf || image;
        };
        if (wanted) {
            return Optional.empty();
        }
        return Optional.of("expected " + expected(kind) + " but the server sent "
                + (mediaType == null ? "a file of no declared type" : mediaType));
    }

    private static String expected(DocumentKind kind) {
        return switch (kind) {
            case PDF -> "a PDF";
            case IMAGE -> "an image (PNG, JPEG, TIFF, GIF, BMP or WebP)";
            default -> "a PDF or an image";
        };
    }

    /** The media type of a Content-Type header, without its parameters; null when there is none. */
    static String mediaType(Optional<String> contentType) {
        return contentType
                .map(value -> value.split(";", 2)[0].strip().toLowerCase(Locale.ROOT))
                .filter(value -> !value.isEmpty())
                .orElse(null);
    }

    private static URI parse(String url) throws UnreadableDocumentException {
        try {
            return new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new UnreadableDocumentException("the link is not a valid URL");
        }
    }

    private static URI redirected(URI from, String location) throws UnreadableDocumentException {
        try {
            String next = from.resolve(new URI(location.strip())).toString();
            int fragment = next.indexOf('#');
            return new URI(fragment < 0 ? next : next.substring(0, fragment));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new UnreadableDocumentException("the link redirects to an invalid URL");
        }
    }

    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    static String size(long bytes) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KB";
        }
        return bytes + " bytes";
    }

    /**
     * One request: decides from the status and headers whether the body is wanted at all, and reads
     * it up to the size cap.
     */
    private final class Hop implements HttpResponse.BodyHandler<byte[]> {
        private final DocumentKind kind;
        private volatile String location;
        private volatile String mediaType;
        private volatile CappedBody body;

        Hop(DocumentKind kind) {
            this.kind = kind;
        }

        String accept() {
            return switch (kind) {
                case PDF -> "application/pdf, application/octet-stream;q=0.5";
                case IMAGE -> String.join(", ", IMAGE_TYPES);
                default -> "application/pdf, " + String.join(", ", IMAGE_TYPES);
            };
        }

        @Override
        public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
            int status = info.statusCode();
            if (REDIRECTS.contains(status)) {
                Optional<String> to = info.headers().firstValue("Location");
                if (to.isEmpty()) {
                    return remember(CappedBody.refusing("the server answered " + status + " without saying where to"));
                }
                location = to.get();
                return remember(CappedBody.skipping());
            }
            if (status / 100 != 2) {
                return remember(CappedBody.refusing("the server answered " + status
                        + (status == 404 || status == 410 ? " (no document at that address)" : "")));
            }
            mediaType = mediaType(info.headers().firstValue("Content-Type"));
            Optional<String> wrongType = typeRefusal(kind, mediaType);
            if (wrongType.isPresent()) {
                return remember(CappedBody.refusing(wrongType.get()));
            }
            OptionalLong declared = info.headers().firstValueAsLong("Content-Length");
            if (declared.isPresent() && declared.getAsLong() > maxBytes) {
                return remember(CappedBody.refusing(tooLarge()));
            }
            return remember(new CappedBody(maxBytes, tooLarge()));
        }

        private String tooLarge() {
            return "the document is larger than " + size(maxBytes);
        }

        private CappedBody remember(CappedBody subscriber) {
            body = subscriber;
            return subscriber;
        }

        /** Stops reading a body nobody waits for any more. */
        void abandon() {
            CappedBody current = body;
            if (current != null) {
                current.cancel();
            }
        }
    }

    /**
     * Collects a body up to {@code cap} bytes and fails, cancelling the download, as soon as more
     * arrive; or refuses it outright; or skips it (a redirect's).
     */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final long cap;
        private final String refusal;
        private final boolean skip;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private volatile Flow.Subscription subscription;

        CappedBody(long cap, String refusal) {
            this(cap, refusal, false);
        }

        private CappedBody(long cap, String refusal, boolean skip) {
            this.cap = cap;
            this.refusal = refusal;
            this.skip = skip;
        }

        static CappedBody refusing(String cause) {
            return new CappedBody(-1, cause, false);
        }

        static CappedBody skipping() {
            return new CappedBody(-1, null, true);
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (skip) {
                subscription.cancel();
                result.complete(new byte[0]);
            } else if (cap < 0) {
                subscription.cancel();
                result.completeExceptionally(new UnreadableDocumentException(refusal));
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + (long) buffer.remaining() > cap) {
                    subscription.cancel();
                    result.completeExceptionally(new UnreadableDocumentException(refusal));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }

        void cancel() {
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
        }
    }
}
