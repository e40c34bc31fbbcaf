package io.parley.nlu.entities;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

import io.parley.avro.Entity;
import io.parley.avro.EntityDefinition;

/** A fixed turn to extract from: Saturday 21 November 2026, noon in Johannesburg. */
final class Turns {

    static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    static final ZoneId JOHANNESBURG = ZoneId.of("Africa/Johannesburg");
    static final Locale EN_ZA = Locale.forLanguageTag("en-ZA");
    static final Locale EN_US = Locale.US;
    static final Locale FR = Locale.FRENCH;
    static final Locale AF_ZA = Locale.forLanguageTag("af-ZA");
    static final Locale ZU_ZA = Locale.forLanguageTag("zu-ZA");

    private static final EntityExtractor BUILT_INS_ONLY = new EntityExtractor(List.of());

    private Turns() {
    }

    static List<Entity> extract(String text, Locale locale) {
        return BUILT_INS_ONLY.extract(text, locale, JOHANNESBURG, NOW);
    }

    static List<Entity> extract(List<EntityDefinition> definitions, String text, Locale locale) {
        return new EntityExtractor(definitions).extract(text, locale, JOHANNESBURG, NOW);
    }

    static Entity entity(String entity, String value, int start, int end, String extractor) {
        return new Entity(entity, value, start, end, extractor);
    }

    /** The built-in entity found at the first occurrence of {@code span} in {@code text}. */
    static Entity builtIn(BuiltInEntity type, String value, String text, String span) {
        int start = text.indexOf(span);
        if (start < 0) {
            throw new IllegalArgumentException("'" + span + "' is not in '" + text + "'");
        }
        return new Entity(type.entityName(), value, start, start + span.length(), type.extractor());
    }
}
