package io.parley.delivery.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import io.micrometer.observation.ObservationRegistry;
import io.parley.avro.DocumentKind;
import io.parley.delivery.OutboundAddresses;
import io.parley.delivery.OutboundCall;
import io.parley.delivery.TestOutboundAddresses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Fetching a document from a server on loopback that plays a public one; every other address is judged as in production. */
class DocumentFetcherTest {

    private static final int CAP = 64 * 1024;
    private static final DocumentServer server = DocumentServer.start();
    private static final OutboundAddresses addresses = TestOutboundAddresses.strictTrusting(server.origin());
    private static final DocumentFetcher fetcher = new DocumentFetcher(new OutboundCall(addresses, ObservationRegistry.NOOP), addresses, CAP, Duration.ofSeconds(2));
    private static final byte[] PDF = Samples.pdf("Opening hours are nine to five.");
    private static final byte[] HTML = "<html><body>Welcome</body></html>".getBytes(StandardCharsets.UTF_8);

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void aPdfServedAsAPdfIsFetchedWhole() throws Exception {
        DocumentFetcher.Fetched fetched = fetcher.fetch(server.serving("application/pdf", PDF), DocumentKind.PDF);

        assertThat(fetched.format()).isEqualTo(DocumentFormat.PDF);
        assertThat(fetched.bytes()).isEqualTo(PDF);
    }

    @Test
    void anUntypedFileIsAPdfOnlyWhenItStartsLikeOne() throws Exception {
        assertThat(fetcher.fetch(server.serving("application/octet-stream", PDF), DocumentKind.PDF).format())
                .isEqualTo(DocumentFormat.PDF);
        assertThat(fetcher.fetch(server.streaming(null, PDF), DocumentKind.PDF).format()).isEqualTo(DocumentFormat.PDF);

        assertFailure(server.serving("application/octet-stream", HTML), DocumentKind.PDF,
                "expected a PDF but the server sent application/octet-stream that is not a PDF");
    }

    @Test
    void aWebPageServedForAPdfIsRefusedByItsType() {
        assertFailure(server.serving("text/html; charset=utf-8", HTML), DocumentKind.PDF,
                "expected a PDF but the server sent text/html");
    }

    @Test
    void picturesAreTakenByTheirTypeAndTheirFirstBytes() throws Exception {
        assertThat(fetcher.fetch(server.serving("image/png", Samples.png("Hello")), DocumentKind.IMAGE).format())
                .isEqualTo(DocumentFormat.PNG);
        assertThat(fetcher.fetch(server.serving("image/jpeg", Samples.jpeg("Hello")), DocumentKind.IMAGE).format())
                .isEqualTo(DocumentFormat.JPEG);

        assertFailure(server.serving("image/png", HTML), DocumentKind.IMAGE,
                "the server said the file is image/png but it is not an image Parley can read");
        assertFailure(server.serving("application/pdf", PDF), DocumentKind.IMAGE,
                "expected an image (PNG, JPEG, TIFF, GIF, BMP or WebP) but the server sent application/pdf");
        assertFailure(server.serving("image/svg+xml", HTML), DocumentKind.IMAGE,
                "expected an image (PNG, JPEG, TIFF, GIF, BMP or WebP) but the server sent image/svg+xml");
    }

    @Test
    void aDocumentOfUnknownKindMayBeEitherAPdfOrAPicture() throws Exception {
        assertThat(fetcher.fetch(server.serving("application/pdf", PDF), DocumentKind.UNKNOWN).format())
                .isEqualTo(DocumentFormat.PDF);
        assertThat(fetcher.fetch(server.serving("image/png", Samples.png("Hi")), DocumentKind.UNKNOWN).format())
                .isEqualTo(DocumentFormat.PNG);
        assertFailure(server.serving("text/html", HTML), DocumentKind.UNKNOWN,
                "expected a PDF or an image but the server sent text/html");
    }

    @Test
    void aBodyOverTheCapIsCutOffWhetherOrNotItsLengthIsDeclared() {
        byte[] large = pdfOfSize(CAP * 4);

        assertFailure(server.streaming("application/pdf", large), DocumentKind.PDF, "the document is larger than 64 KB");
        assertFailure(server.serving("application/pdf", large), DocumentKind.PDF, "the document is larger than 64 KB");
        // A server that claims more than the cap is not read at all, even if it would have sent less.
        assertFailure(server.declaring("application/pdf", CAP + 1L, PDF), DocumentKind.PDF, "the document is larger than 64 KB");
    }

    @Test
    void aBodyOfExactlyTheCapIsFetched() throws Exception {
        byte[] exact = pdfOfSize(CAP);

        assertThat(fetcher.fetch(server.streaming("application/pdf", exact), DocumentKind.PDF).bytes()).hasSize(CAP);
    }

    @Test
    void redirectsAreFollowedUpToThree() throws Exception {
        String document = server.serving("application/pdf", PDF);
        String threeAway = server.redirecting(server.redirecting(server.redirecting(document)));

        assertThat(fetcher.fetch(threeAway, DocumentKind.PDF).bytes()).isEqualTo(PDF);
        assertFailure(server.redirecting(threeAway), DocumentKind.PDF, "the link redirects more than 3 times");
    }

    @Test
    void aRelativeRedirectIsResolvedAgainstTheLinkItCameFrom() throws Exception {
        String document = server.serving("application/pdf", PDF);
        String relative = java.net.URI.create(document).getPath();

        assertThat(fetcher.fetch(server.redirecting(relative), DocumentKind.PDF).bytes()).isEqualTo(PDF);
    }

    @Test
    void aRedirectToAPrivateAddressIsRefusedBeforeItIsCalled() {
        // The same server under another name: loopback, as the real rules see it.
        String internal = server.unusedUrl().replace(server.origin().getHost(), "localhost");

        assertFailure(server.redirecting(internal), DocumentKind.PDF,
                "the link may not be fetched: localhost is a private or special-purpose address");
        assertThat(server.hits(internal)).isZero();
    }

    @Test
    void onlyHttpLinksAreFetchedAtAnyHop() {
        assertFailure("file:///etc/passwd", DocumentKind.PDF, "the link may not be fetched: only http(s) URLs");
        assertFailure(server.redirecting("file:///etc/passwd"), DocumentKind.PDF, "the link may not be fetched: only http(s) URLs");
        assertFailure("http://exa mple.com/x.pdf", DocumentKind.PDF, "the link is not a valid URL");
    }

    @Test
    void aServerErrorOrMissingDocumentIsSaidSo() {
        assertFailure(server.answering(404), DocumentKind.PDF, "the server answered 404 (no document at that address)");
        assertFailure(server.answering(503), DocumentKind.PDF, "the server answered 503");
    }

    @Test
    void aServerThatStopsSendingRunsOutOfTime() {
        assertFailure(server.stalling("application/pdf", Arrays.copyOf(PDF, 100)), DocumentKind.PDF,
                "the server did not send the document within 2 s");
    }

    private static void assertFailure(String url, DocumentKind kind, String causeStart) {
        assertThatThrownBy(() -> fetcher.fetch(url, kind))
                .isInstanceOf(UnreadableDocumentException.class)
                .hasMessageStartingWith(causeStart)
                .hasNoCause();
    }

    private static byte[] pdfOfSize(int size) {
        byte[] bytes = Arrays.copyOf(PDF, size);
        Arrays.fill(bytes, PDF.length, size, (byte) ' ');
        return bytes;
    }
}
