package io.parley.ingest.nlu;

import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.parley.avro.BotDefinition;
import io.parley.avro.IntentModel;
import io.parley.avro.SentenceEmbedding;
import io.parley.avro.Translation;
import io.parley.encoder.OnnxSentenceEncoder;
import io.parley.nlu.intents.SentenceEncoder;
import org.springframework.stereotype.Component;

/**
 * Computes a user's text's sentence embedding at the edge, before the command is written, for bots
 * whose classifier reads this instance's encoder: the engine then ranks intents without running a
 * model, and the heavy work scales with ingest instances.
 */
@Component
public class UtteranceEncoder {

    private final Optional<OnnxSentenceEncoder> encoder;
    private final Cache<String, SentenceEmbedding> embeddings;

    UtteranceEncoder(NluConfiguration.NluProperties properties) {
        this.encoder = NluConfiguration.NO_ENCODER.equalsIgnoreCase(properties.encoder()) ? Optional.empty()
                : Optional.of(OnnxSentenceEncoder.shared(OnnxSentenceEncoder.Model.named(properties.encoder()),
                        properties.threadsPerText()));
        this.embeddings = Caffeine.newBuilder().maximumSize(properties.cacheSize()).build();
    }

    /** This instance's encoder; empty when sentence embeddings are off. */
    public Optional<SentenceEncoder> encoder() {
        return encoder.map(SentenceEncoder.class::cast);
    }

    /**
     * The embedding of {@code text} for {@code bot}; null when none of the bot's classifiers reads this
     * instance's encoder (the engine then ranks on words alone).
     */
    public SentenceEmbedding embed(BotDefinition bot, String text) {
        if (encoder.isEmpty() || text == null || !isRead(bot, encoder.get().id())) {
            return null;
        }
        return embeddings.get(text, encoder.get()::embedding);
    }

    private static boolean isRead(BotDefinition bot, String encoderId) {
        return Stream.concat(Stream.of(bot.getClassifier()), bot.getTranslations().stream().map(Translation::getClassifier))
                .filter(Objects::nonNull)
                .map(IntentModel::getSentenceEncoder)
                .anyMatch(encoderId::equals);
    }
}
