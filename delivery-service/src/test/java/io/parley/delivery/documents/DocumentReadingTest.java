package io.parley.delivery.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import io.parley.avro.Channel;
import io.parley.avro.Command;
import io.parley.avro.DeliveryOutcome;
import io.parley.avro.DeliveryTarget;
import io.parley.avro.DeliveryReceipt;
import io.parley.avro.DocumentKind;
import io.parley.avro.DocumentRequest;
import io.parley.avro.DocumentTextReady;
import io.parley.delivery.DeliveryApplication;
import io.parley.delivery.OutboundAddresses;
import io.parley.delivery.TestOutboundAddresses;
import io.parley.infra.SharedTestInfrastructure;
import io.parley.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The delivery service reading the documents users link to, from request to command on the real broker
 * and registry. A server on loopback plays the web: it alone passes the outbound address rules, which
 * are production's (private addresses not allowed), so a redirect into the network is judged for real.
 */
@SpringBootTest(classes = DeliveryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.config.name=" + DeliveryApplication.CONFIG_NAME,
                "parley.delivery.allow-private-addresses=false",
                "parley.delivery.documents.max-size=256KB",
                "parley.delivery.documents.fetch-timeout=5s"})
@Import(DocumentReadingTest.TheDocumentServerIsOnTheWeb.class)
// Its consumers must not linger and share partitions with another test class's delivery service.
@DirtiesContext
class DocumentReadingTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Started before the service, which must know it as a public server. */
    private static final DocumentServer web = DocumentServer.start();

    @TestConfiguration(proxyBeanMethods = false)
    static class TheDocumentServerIsOnTheWeb {
        @Bean
        @Primary
        OutboundAddresses documentServerIsPublic() {
            return TestOutboundAddresses.strictTrusting(web.origin());
        }
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedTestInfrastructure.get().serviceProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @AfterAll
    static void stopTheWeb() {
        web.close();
    }

    @Test
    void aPdfsTextComesBackToTheConversationAsACommand() throws Exception {
        String sentence = "Our offices open at eight and close at five on weekdays.";
        DocumentRequest request = request(DocumentKind.PDF, web.serving("application/pdf", Samples.pdf(sentence)), "en");

        infra().send(Topics.DOCUMENTS, request.getSessionId(), request);

        assertAnswered(request, ready -> {
            assertThat(ready.getText()).isEqualTo(sentence);
            assertThat(ready.getFailure()).isNull();
        });
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(receipts(request.getSessionId())).singleElement().satisfies(receipt -> {
            assertThat(receipt.getOutcome()).isEqualTo(DeliveryOutcome.DELIVERED);
            assertThat(receipt.getTarget()).isEqualTo(DeliveryTarget.DOCUMENT_FETCH);
            assertThat(receipt.getReference()).isEqualTo(request.getRequestId());
            assertThat(receipt.getDetail()).isNull();
        }));
    }

    @Test
    void aPictureIsReadByOcr() throws Exception {
        DocumentRequest request = request(DocumentKind.IMAGE, web.serving("image/png", Samples.png("What are your opening hours")), "en-ZA");

        infra().send(Topics.DOCUMENTS, request.getSessionId(), request);

        assertAnswered(request, ready -> {
            assertThat(ready.getFailure()).isNull();
            assertThat(ready.getText().toLowerCase()).contains("what", "are", "your", "opening", "hours");
        });
    }

    @Test
    void aWebPageServedForAPdfIsAnsweredWithTheTypeItWas() throws Exception {
        byte[] page = "<html><body>Please log in</body></html>".getBytes(StandardCharsets.UTF_8);
        DocumentRequest request = request(DocumentKind.PDF, web.serving("text/html; charset=UTF-8", page), null);

        infra().send(Topics.DOCUMENTS, request.getSessionId(), request);

        assertFailed(request, "expected a PDF but the server sent text/html");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(receipts(request.getSessionId())).singleElement().satisfies(receipt -> {
            assertThat(receipt.getOutcome()).isEqualTo(DeliveryOutcome.FAILED);
            assertThat(receipt.getDetail()).isEqualTo("expected a PDF but the server sent text/html");
        }));
    }

    @Test
    void aDocumentOverTheSizeCapIsAnsweredAsTooLargeWhateverItsHeadersSay() throws Exception {
        byte[] huge = new byte[1024 * 1024];
        byte[] header = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, huge, 0, header.length);
        DocumentRequest undeclared = request(DocumentKind.PDF, web.streaming("application/pdf", huge), null);
        DocumentRequest declared = request(DocumentKind.PDF, web.serving("application/pdf", huge), null);

        infra().send(Topics.DOCUMENTS, undeclared.getSessionId(), undeclared);
        infra().send(Topics.DOCUMENTS, declared.getSessionId(), declared);

        assertFailed(undeclared, "the document is larger than 256 KB");
        assertFailed(declared, "the document is larger than 256 KB");
    }

    @Test
    void aRedirectIntoThePrivateNetworkIsRefusedWithoutCallingIt() throws Exception {
        String internal = web.unusedUrl().replace(web.origin().getHost(), "localhost");
        DocumentRequest request = request(DocumentKind.PDF, web.redirecting(internal), null);

        infra().send(Topics.DOCUMENTS, request.getSessionId(), request);

        assertFailed(request, "the link may not be fetched: localhost is a private or special-purpose address (127.0.0.1, in 127.0.0.0/8)");
        assertThat(web.hits(internal)).isZero();
    }

    @Test
    void aRedirectOnTheWebIsFollowed() throws Exception {
        String sentence = "The claim form is on page two.";
        DocumentRequest request = request(DocumentKind.PDF,
                web.redirecting(web.serving("application/pdf", Samples.pdf(sentence))), null);

        infra().send(Topics.DOCUMENTS, request.getSessionId(), request);

        assertAnswered(request, ready -> assertThat(ready.getText()).isEqualTo(sentence));
    }

    @Test
    void anUnreadableRequestGoesToTheDeadLetterTopicAndTheNextOneIsStillAnswered() throws Exception {
        String key = "poison-" + UUID.randomUUID();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.DOCUMENTS.name(), key.getBytes(StandardCharsets.UTF_8),
                    "garbage".getBytes(StandardCharsets.UTF_8))).get();
        }

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(infra().topics().withKey(Topics.DOCUMENTS_DLT.name(), key))
                .singleElement().satisfies(record -> {
                    assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("garbage");
                    assertThat(record.headers().lastHeader("kafka_dlt-exception-message")).isNotNull();
                }));
        assertThat(commands(key)).isEmpty();
        aPdfsTextComesBackToTheConversationAsACommand();
    }

    private static void assertFailed(DocumentRequest request, String cause) {
        assertAnswered(request, ready -> {
            assertThat(ready.getText()).isEmpty();
            assertThat(ready.getFailure()).isEqualTo(cause);
        });
    }

    /** The one command the request was answered with, for its session, recognisable by its id. */
    private static void assertAnswered(DocumentRequest request, Consumer<DocumentTextReady> ready) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(commands(request.getSessionId())).singleElement().satisfies(command -> {
            assertThat(command.getCommandId()).isEqualTo("document/" + request.getRequestId());
            assertThat(command.getSessionId()).isEqualTo(request.getSessionId());
            assertThat(command.getCompany()).isEqualTo(request.getCompany());
            assertThat(command.getBotId()).isEqualTo(request.getBotId());
            assertThat(command.getChannel()).isEqualTo(Channel.UNKNOWN);
            assertThat(command.getIssuedAt()).isAfterOrEqualTo(request.getRequestedAt());
            assertThat(command.getPayload()).isInstanceOfSatisfying(DocumentTextReady.class, payload -> {
                assertThat(payload.getRequestId()).isEqualTo(request.getRequestId());
                ready.accept(payload);
            });
        }));
    }

    private static DocumentRequest request(DocumentKind kind, String url, String languageCode) {
        return DocumentRequest.newBuilder()
                .setRequestId("cmd-" + UUID.randomUUID())
                .setSessionId(UUID.randomUUID().toString())
                .setCompany("acme")
                .setBotId(7)
                .setKind(kind)
                .setUrl(url)
                .setLanguageCode(languageCode)
                .setRequestedAt(Instant.now().minusSeconds(1))
                .build();
    }

    private static List<Command> commands(String sessionId) {
        return infra().values(Topics.COMMANDS, sessionId);
    }

    private static List<DeliveryReceipt> receipts(String sessionId) {
        return infra().values(Topics.DELIVERIES, sessionId);
    }

    private static SharedTestInfrastructure infra() {
        return SharedTestInfrastructure.get();
    }
}
