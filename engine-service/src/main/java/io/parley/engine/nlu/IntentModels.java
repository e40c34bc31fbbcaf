package io.parley.engine.nlu;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.parley.avro.BotDefinition;
import io.parley.avro.IntentModel;
import io.parley.avro.IntentScore;
import io.parley.avro.Language;
import io.parley.avro.SentenceEmbedding;
import io.parley.avro.Translation;
import io.parley.nlu.BotLanguages;
import io.parley.nlu.intents.IntentClassifier;
import io.parley.topics.Topics;

/**
 * Each bot's classifiers, one per language it speaks, loaded once per published version (the models
 * come inside the definition). Ranking reads the embedding the command carries: no language model
 * runs here, so a replay needs none.
 */
public final class IntentModels {

    private record Loaded(Instant publishedAt, IntentClassifier classifier) {
    }

    /** What the classifier made of a text, and whether it read the text's embedding. */
    public record Ranked(List<IntentScore> ranking, String sentenceEncoder) {
    }

    private final Map<String, Loaded> loaded = new HashMap<>();

    /**
     * The ranking of the bot's intents for {@code text} in {@code language}; empty when the bot has no
     * intents. A language without phrases of its own is understood with the default language's model.
     */
    public Ranked rank(BotDefinition bot, Language language, String text, SentenceEmbedding embedding) {
        return classifier(bot, language)
                .map(classifier -> new Ranked(classifier.rank(text, embedding),
                        classifier.reads(embedding) ? embedding.getSentenceEncoder() : null))
                .orElse(new Ranked(List.of(), null));
    }

    private Optional<IntentClassifier> classifier(BotDefinition bot, Language language) {
        Optional<Translation> translation = BotLanguages.translation(bot, language)
                .filter(candidate -> candidate.getClassifier() != null);
        IntentModel model = translation.map(Translation::getClassifier).orElse(bot.getClassifier());
        if (model == null) {
            return Optional.empty();
        }
        String key = Topics.botKey(bot.getCompany(), bot.getBotId())
                + translation.map(found -> "#" + found.getLanguage().getCode()).orElse("");
        Loaded current = loaded.get(key);
        if (current == null || !current.publishedAt().equals(bot.getPublishedAt())) {
            current = new Loaded(bot.getPublishedAt(), IntentClassifier.of(model));
            loaded.put(key, current);
        }
        return Optional.of(current.classifier());
    }
}
