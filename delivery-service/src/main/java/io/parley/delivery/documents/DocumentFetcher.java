package io.parley.delivery.documents;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.SSLException;

import io.parley.avro.DocumentKind;
import io.parley.delivery.OutboundAddresses;
import io.parley.delivery.OutboundCall;
import org.apache.hc.client5.http.ConnectTimeoutException;

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

    private final OutboundCall outbound;
    private final OutboundAddresses addresses;
    private final long maxBytes;
    private final Duration timeout;

    /** {@code outbound} checks each address it connects to and never follows a redirect on its own. */
    DocumentFetcher(OutboundCall outbound, OutboundAddresses addresses, long maxBytes, Duration timeout) {
        this.outbound = outbound;
        this.addresses = addresses;
        this.maxBytes = maxBytes;
        this.timeout = timeout;
    }

    /** The document at {@code url}, which must be of {@code kind}. */
    Fetched fetch(String url, DocumentKind kind) throws UnreadableDocumentException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI target = parse(url);
        for (int redirects = 0; ; redirects++) {
            // Said plainly before any connection; the client checks again the address it connects to.
            Optional<String> refusal = addresses.refusal(target.toString());
            if (refusal.isPresent()) {
                throw new UnreadableDocumentException("the link may not be fetched: " + refusal.get());
            }
            OutboundCall.Download answer = get(target, kind, deadline);
            int status = answer.statusCode();
            if (status / 100 != 3) {
                return checked(kind, mediaType(answer.contentType()), answer.body());
            }
            if (!REDIRECTS.contains(status)) {
                throw new UnreadableDocumentException("the server answered " + status);
            }
            if (answer.location().isEmpty()) {
                throw new UnreadableDocumentException("the server answered " + status + " without saying where to");
            }
            if (redirects == MAX_REDIRECTS) {
                throw new UnreadableDocumentException("the link redirects more than " + MAX_REDIRECTS + " times");
            }
            target = redirected(target, answer.location().get());
        }
    }

    private OutboundCall.Download get(URI target, DocumentKind kind, long deadline)
            throws UnreadableDocumentException, InterruptedException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw timedOut();
        }
        try {
            return outbound.get(target, Map.of("Accept", accept(kind), "User-Agent", "Parley document reader"),
                    Duration.ofNanos(remaining), maxBytes, head -> refusal(kind, head));
        } catch (OutboundCall.RefusedAnswerException e) {
            throw new UnreadableDocumentException(e.getMessage());
        } catch (OutboundCall.AnswerTooLargeException e) {
            throw new UnreadableDocumentException("the document is larger than " + size(maxBytes));
        } catch (OutboundCall.RefusedAddressException e) {
            throw new UnreadableDocumentException("the link may not be fetched: " + e.getMessage());
        } catch (HttpTimeoutException e) {
            throw timedOut();
        } catch (ConnectTimeoutException e) {
            throw new UnreadableDocumentException("could not connect to the server within " + seconds(timeout));
        } catch (ConnectException | UnknownHostException e) {
            throw new UnreadableDocumentException("could not connect to the server");
        } catch (SSLException e) {
            throw new UnreadableDocumentException("the server's secure connection could not be established");
        } catch (IOException e) {
            throw new UnreadableDocumentException("the download failed before the document was complete");
        }
    }

    /** Why an answer is not worth downloading: not a success, or not of the kind asked for. */
    private static Optional<String> refusal(DocumentKind kind, OutboundCall.Head head) {
        int status = head.statusCode();
        if (status / 100 != 2) {
            return Optional.of("the server answered " + status + (status == 404 || status == 410 ? " (no document at that address)" : ""));
        }
        return typeRefusal(kind, mediaType(head.contentType()));
    }

    private static String accept(DocumentKind kind) {
        return switch (kind) {
            case PDF -> "application/pdf, application/octet-stream;q=0.5";
            case IMAGE -> String.join(", ", IMAGE_TYPES);
            default -> "application/pdf, " + String.join(", ", IMAGE_TYPES);
        };
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
}
