package io.parley.engine.nlu;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.parley.avro.BotDefinition;
import io.parley.avro.Entity;
import io.parley.avro.Language;
import io.parley.nlu.BotLanguages;
import io.parley.nlu.entities.EntityExtractor;
import io.parley.topics.Topics;

/** Each bot's entity extractor (its own entities and the built-in ones), compiled once per published version. */
public final class EntityModels {

    private record Compiled(Instant publishedAt, EntityExtractor extractor) {
    }

    private final Map<String, Compiled> compiled = new HashMap<>();

    /** The entities in {@code text}, read in the session's language and the bot's time zone at {@code now}. */
    public List<Entity> extract(BotDefinition bot, Language language, String text, Instant now) {
        String key = Topics.botKey(bot.getCompany(), bot.getBotId());
        Compiled current = compiled.get(key);
        if (current == null || !current.publishedAt().equals(bot.getPublishedAt())) {
            current = new Compiled(bot.getPublishedAt(), new EntityExtractor(bot.getEntities()));
            compiled.put(key, current);
        }
        return current.extractor().extract(text, BotLanguages.locale(language), ZoneId.of(bot.getTimeZone()), now);
    }
}
