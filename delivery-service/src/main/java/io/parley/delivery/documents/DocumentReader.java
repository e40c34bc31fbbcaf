package io.parley.delivery.documents;

import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.parley.avro.Channel;
import io.parley.avro.Command;
import io.parley.avro.DeliveryTarget;
import io.parley.avro.DocumentRequest;
import io.parley.avro.DocumentTextReady;
import io.parley.delivery.DeliveryKafkaConfig;
import io.parley.delivery.DeliveryProperties;
import io.parley.delivery.OutboundAddresses;
import io.parley.delivery.OutboundCall;
import io.parley.delivery.receipts.DeliveryReceipts;
import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads the documents users send by URL for the engine, which must not wait on the network: fetches
 * each one (here, where a call may block), takes its text (a PDF's text layer, or OCR of a picture or a
 * scan) and sends it back as a {@link DocumentTextReady} command. A document that cannot be fetched or
 * read is answered all the same, with empty text and the cause, never with silence.
 */
@Component
class DocumentReader {

    static final String CONTAINER_FACTORY = "documentListenerContainerFactory";
    private static final Logger log = LoggerFactory.getLogger(DocumentReader.class);

    private final DocumentFetcher fetcher;
    private final PdfText pdfs;
    private final Tesseract ocr;
    private final int maxTextChars;
    private final KafkaTemplate<Object, Object> kafka;
    private final DeliveryReceipts receipts;
    private final DocumentEncoder encoder;

    DocumentReader(DeliveryProperties properties, OutboundAddresses addresses, KafkaTemplate<Object, Object> parleyKafka,
                   DeliveryReceipts receipts, DocumentEncoder encoder, OutboundCall outbound) {
        this.encoder = encoder;
        DeliveryProperties.Documents settings = properties.documents();
        this.fetcher = new DocumentFetcher(outbound, addresses,
                settings.maxSize().toBytes(), settings.fetchTimeout());
        this.ocr = new Tesseract(settings.tesseract(), settings.ocrTimeout(), settings.ocrConcurrency());
        this.pdfs = new PdfText(settings.maxPdfPages(), settings.pdfOcrPages(), ocr);
        this.maxTextChars = settings.maxTextChars();
        this.kafka = parleyKafka;
        this.receipts = receipts;
    }

    @KafkaListener(id = "document-reader", topics = "#{T(io.parley.topics.Topics).DOCUMENTS.name()}",
            containerFactory = CONTAINER_FACTORY)
    void onRequest(ConsumerRecord<String, DocumentRequest> record)
            throws InterruptedException, ExecutionException, TimeoutException {
        DocumentRequest request = record.value();
        DocumentTextReady answer;
        try {
            String text = text(request);
            answer = new DocumentTextReady(request.getRequestId(), text, null, encoder.embed(text, request.getLanguageCode()));
        } catch (UnreadableDocumentException e) {
            log.warn("document {} of session {} could not be read: {}", request.getRequestId(), request.getSessionId(),
                    e.getMessage());
            answer = new DocumentTextReady(request.getRequestId(), "", e.getMessage(), null);
        }
        Command command = Command.newBuilder()
                .setCommandId("document/" + request.getRequestId())
                .setSessionId(request.getSessionId())
                .setCompany(request.getCompany())
                .setBotId(request.getBotId())
                .setChannel(Channel.UNKNOWN)
                .setIssuedAt(Instant.now())
                .setPayload(answer)
                .build();
        kafka.send(Topics.COMMANDS.name(), request.getSessionId(), command).get(10, TimeUnit.SECONDS);
        receipts.triedOnce(new DeliveryReceipts.Delivery(request.getSessionId(), request.getCompany(), request.getBotId(),
                Channel.UNKNOWN, DeliveryTarget.DOCUMENT_FETCH, request.getRequestId()), answer.getFailure());
    }

    private String text(DocumentRequest request) throws UnreadableDocumentException, InterruptedException {
        DocumentFormat format;
        String raw;
        try {
            DocumentFetcher.Fetched document = fetcher.fetch(request.getUrl(), request.getKind());
            format = document.format();
            raw = format == DocumentFormat.PDF
                    ? pdfs.text(document.bytes(), request.getLanguageCode())
                    : ocr.read(document.bytes(), format, request.getLanguageCode());
        } catch (RuntimeException e) {
            // A bug here must not cost the user an answer: the log keeps the trace, the user gets the gist.
            log.error("reading document {} of session {} failed", request.getRequestId(), request.getSessionId(), e);
            throw new UnreadableDocumentException("the document could not be read");
        }
        String text = DocumentText.presentable(raw, maxTextChars);
        if (text.isEmpty()) {
            throw new UnreadableDocumentException(format == DocumentFormat.PDF
                    ? "no text was found in the PDF" : "no text was found in the picture");
        }
        return text;
    }

    /** Consumers of the document requests; a request that cannot be read goes to its dead-letter topic. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class Consumers {
        @Bean(CONTAINER_FACTORY)
        ConcurrentKafkaListenerContainerFactory<String, DocumentRequest> documentListenerContainerFactory(
                DeliveryKafkaConfig.ListenerFactories factories) {
            ConcurrentKafkaListenerContainerFactory<String, DocumentRequest> factory =
                    factories.forTopic(Topics.DOCUMENTS, Topics.DOCUMENTS_DLT, "documents");
            // A document may take a fetch and a few OCR runs (up to minutes): two in flight, and one record
            // per poll so that the consumer polls again well within max.poll.interval.ms.
            factory.setConcurrency(2);
            Properties onePerPoll = new Properties();
            onePerPoll.setProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
            factory.getContainerProperties().setKafkaConsumerProperties(onePerPoll);
            return factory;
        }
    }
}
