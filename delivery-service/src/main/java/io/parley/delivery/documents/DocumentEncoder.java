package io.parley.delivery.documents;

import java.util.Optional;

import io.parley.avro.SentenceEmbedding;
import io.parley.encoder.OnnxSentenceEncoder;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * A document's text is the user's turn: it is encoded here, where it was read, with the encoder ingest
 * uses for typed text, so the engine ranks intents from it as from any message.
 */
@Component
class DocumentEncoder {

    /**
     * @param encoder        the sentence encoder, as ingest's: {@code bge-small-en-v1.5-q}, {@code all-minilm-l6-v2-q} or {@code none}
     * @param threadsPerText cores one text may use
     */
    @ConfigurationProperties(prefix = "parley.nlu")
    record NluProperties(@DefaultValue("bge-small-en-v1.5-q") String encoder, @DefaultValue("1") int threadsPerText) {
    }

    private final Optional<OnnxSentenceEncoder> encoder;

    DocumentEncoder(NluProperties properties) {
        this.encoder = "none".equalsIgnoreCase(properties.encoder()) ? Optional.empty()
                : Optional.of(OnnxSentenceEncoder.shared(OnnxSentenceEncoder.Model.named(properties.encoder()),
                        properties.threadsPerText()));
    }

    /** The text's embedding, when the encoder understands the session's language; null otherwise. */
    SentenceEmbedding embed(String text, String languageCode) {
        return encoder.filter(found -> !text.isBlank() && found.understands(languageCode))
                .map(found -> found.embedding(text))
                .orElse(null);
    }
}
