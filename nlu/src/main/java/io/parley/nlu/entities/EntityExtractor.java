package io.parley.nlu.entities;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.parley.avro.Entity;
import io.parley.avro.EntityDefinition;

/**
 * Finds entities in a user's turn: the bot's own (lookup lists and regular expressions) and the
 * built-in ones of {@link BuiltInEntity}. Runs in a stream thread on every turn, so it does no I/O,
 * reads no clock (the turn's instant is given) and bounds its work on any text. Immutable once built,
 * so one instance per published bot version may be shared by any number of threads.
 */
public final class EntityExtractor {

    /** {@code Entity.extractor} of a match in a bot's lookup list. */
    public static final String LOOKUP_EXTRACTOR = "lookup";
    /** {@code Entity.extractor} of a match of a bot's regular expression. */
    public static final String PATTERN_EXTRACTOR = "pattern";
    /**
     * Characters of a turn searched for entities; of a longer text only its beginning. As long as a
     * Messenger message; a longer text is a paste rather than a turn, and bounding it bounds the work
     * (of a bot's regular expressions and of libphonenumber above all).
     */
    public static final int MAX_TEXT_LENGTH = 2_000;

    /** Locales seen, compiled once; bounded, as a locale comes from data rather than code. */
    private static final int MAX_LOCALES_KEPT = 64;
    private static final Map<Locale, LocaleGrammar> GRAMMARS = new ConcurrentHashMap<>();

    private final Lookups lookups;
    private final BotPatterns patterns;

    /**
     * Compiles a bot's own entity definitions, once per published bot version.
     *
     * @throws IllegalArgumentException naming the entity and the pattern, if a pattern is not a valid
     *                                  regular expression; or naming the entity, if it has no name or an empty value
     */
    public EntityExtractor(List<EntityDefinition> definitions) {
        List<EntityDefinition> checked = List.copyOf(Objects.requireNonNull(definitions, "definitions"));
        checked.forEach(EntityExtractor::check);
        this.lookups = new Lookups(checked);
        this.patterns = new BotPatterns(checked);
    }

    /**
     * Every entity in {@code text}, in text order. Where spans overlap one is kept: a number inside a
     * phone number, date, time, e-mail or URL is not reported; otherwise the longer span wins, and on
     * equal length a bot's own entity (a lookup before a pattern) beats a built-in one, and any other
     * built-in beats a number. Only the first {@value #MAX_TEXT_LENGTH} characters are searched.
     *
     * @param locale the conversation's language and country: how numbers and dates are written, the
     *               words for days and times, and the country of a national phone number
     * @param zone   the bot's time zone: what "today" is and the offset of a date-time
     * @param now    the instant of the turn, for "today", "tomorrow", "next Monday"
     */
    public List<Entity> extract(String text, Locale locale, ZoneId zone, Instant now) {
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(now, "now");
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        String bounded = text.length() > MAX_TEXT_LENGTH ? text.substring(0, MAX_TEXT_LENGTH) : text;
        String folded = FoldedText.fold(bounded);
        LocaleGrammar grammar = grammar(locale);
        List<Found> found = new ArrayList<>();
        lookups.find(folded, found);
        patterns.find(bounded, found);
        Emails.find(bounded, found);
        Urls.find(bounded, found);
        PhoneNumbers.find(bounded, locale, found);
        grammar.numbers().find(folded, found);
        grammar.dateTimes().find(folded, LocalDate.ofInstant(now, zone), zone, found);
        return Overlaps.resolve(found).stream().map(Found::toEntity).toList();
    }

    private static void check(EntityDefinition definition) {
        if (definition.getName() == null || definition.getName().isBlank()) {
            throw new IllegalArgumentException("an entity definition has no name");
        }
        boolean emptyValue = definition.getLookup().stream()
                .anyMatch(value -> value.getValue() == null || value.getValue().isBlank());
        if (emptyValue || definition.getPatterns().stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("entity '" + definition.getName() + "': a lookup value or pattern is empty");
        }
    }

    private static LocaleGrammar grammar(Locale locale) {
        LocaleGrammar grammar = GRAMMARS.get(locale);
        if (grammar == null) {
            grammar = new LocaleGrammar(new Numbers(locale), new DateTimes(locale));
            if (GRAMMARS.size() < MAX_LOCALES_KEPT) {
                GRAMMARS.putIfAbsent(locale, grammar);
            }
        }
        return grammar;
    }

    /** How one locale writes numbers and dates, compiled. */
    private record LocaleGrammar(Numbers numbers, DateTimes dateTimes) {
    }
}
