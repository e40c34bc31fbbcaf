package io.parley.engine.conversation;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.parley.avro.BotDefinition;
import io.parley.avro.IntentScore;
import io.parley.nlu.IntentClassifier;
import io.parley.topics.Topics;

/** Each bot's classifier, loaded once per published version (its model comes inside the definition). */
final class IntentModels {

    private record Loaded(Instant publishedAt, IntentClassifier classifier) {
    }

    private final Map<String, Loaded> loaded = new HashMap<>();

    /** The ranking of the bot's intents for {@code text}; empty when the bot has no intents. */
    List<IntentScore> rank(BotDefinition bot, String text) {
        return classifier(bot).map(classifier -> classifier.rank(text)).orElse(List.of());
    }

    private Optional<IntentClassifier> classifier(BotDefinition bot) {
        if (bot.getIntentModel() == null) {
            return Optional.empty();
        }
        String key = Topics.botKey(bot.getCompany(), bot.getBotId());
        Loaded current = loaded.get(key);
        if (current == null || !current.publishedAt().equals(bot.getPublishedAt())) {
            byte[] model = new byte[bot.getIntentModel().remaining()];
            bot.getIntentModel().duplicate().get(model);
            current = new Loaded(bot.getPublishedAt(), IntentClassifier.load(model));
            loaded.put(key, current);
        }
        return Optional.of(current.classifier());
    }
}
