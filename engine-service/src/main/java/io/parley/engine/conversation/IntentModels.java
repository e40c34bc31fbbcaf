package io.parley.engine.conversation;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.parley.avro.BotDefinition;
import io.parley.avro.IntentScore;
import io.parley.avro.Language;
import io.parley.avro.Translation;
import io.parley.nlu.BotLanguages;
import io.parley.nlu.IntentClassifier;
import io.parley.topics.Topics;

/**
 * Each bot's classifiers, one per language it speaks, loaded once per published version (the models
 * come inside the definition).
 */
final class IntentModels {

    private record Loaded(Instant publishedAt, IntentClassifier classifier) {
    }

    private final Map<String, Loaded> loaded = new HashMap<>();

    /**
     * The ranking of the bot's intents for {@code text} in {@code language}; empty when the bot has no
     * intents. A language without phrases of its own is understood with the default language's model.
     */
    List<IntentScore> rank(BotDefinition bot, Language language, String text) {
        return classifier(bot, language).map(classifier -> classifier.rank(text)).orElse(List.of());
    }

    private Optional<IntentClassifier> classifier(BotDefinition bot, Language language) {
        Optional<Translation> translation = BotLanguages.translation(bot, language)
                .filter(candidate -> candidate.getIntentModel() != null);
        ByteBuffer model = translation.map(Translation::getIntentModel).orElse(bot.getIntentModel());
        if (model == null) {
            return Optional.empty();
        }
        String key = Topics.botKey(bot.getCompany(), bot.getBotId())
                + translation.map(found -> "#" + found.getLanguage().getCode()).orElse("");
        Loaded current = loaded.get(key);
        if (current == null || !current.publishedAt().equals(bot.getPublishedAt())) {
            byte[] bytes = new byte[model.remaining()];
            model.duplicate().get(bytes);
            current = new Loaded(bot.getPublishedAt(), IntentClassifier.load(bytes));
            loaded.put(key, current);
        }
        return Optional.of(current.classifier());
    }
}
