package io.parley.nlu.entities;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The words one language uses for days and times that the JDK's CLDR data does not give (it gives the
 * month and weekday names). Every word is written folded: lower case, no accents ("apres-demain"
 * stands for "après-demain", "more" for "môre"); phrases have single spaces.
 *
 * @param daysFromToday  "tomorrow": 1
 * @param in             before an amount of time to come: "in" (3 days)
 * @param units          "days", "weeks", "months"
 * @param numbers        number words for amounts and hours: "two": 2
 * @param articles       words for one thing that are not numbers for hours: "a" (week)
 * @param nextBefore     before a weekday, meaning its next one: "next", "on"
 * @param nextAfter      after a weekday, meaning its next one: "prochain"
 * @param lastBefore     before a weekday, meaning its last one: "last"
 * @param lastAfter      after a weekday, meaning its last one: "dernier"
 * @param weekdays       weekday forms besides CLDR's names: Zulu "ngolwesihlanu" (on Friday)
 * @param at             before a time: "at" (3pm)
 * @param atBareHour     before an hour alone, making it a time: "at" (3)
 * @param hourWords      after an hour: "o'clock", "heures"
 * @param namedTimes     "noon": 12:00
 * @param minutesFromHour before an hour, minutes from it: "half past": 30, "quarter to": -15
 */
record DateWords(Map<String, Integer> daysFromToday, List<String> in, Map<String, ChronoUnit> units,
                 Map<String, Integer> numbers, Map<String, Integer> articles,
                 List<String> nextBefore, List<String> nextAfter, List<String> lastBefore, List<String> lastAfter,
                 Map<String, DayOfWeek> weekdays, List<String> at, List<String> atBareHour, List<String> hourWords,
                 Map<String, LocalTime> namedTimes, Map<String, Integer> minutesFromHour) {

    static final DateWords ENGLISH = new DateWords(
            Map.of("today", 0, "tomorrow", 1, "tmrw", 1, "yesterday", -1,
                    "the day after tomorrow", 2, "day after tomorrow", 2,
                    "the day before yesterday", -2, "day before yesterday", -2),
            List.of("in"),
            units("day", "days", "week", "weeks", "month", "months"),
            numbers("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"),
            Map.of("a", 1, "an", 1),
            List.of("next", "this", "on", "this coming"), List.of(), List.of("last"), List.of(),
            Map.of(),
            List.of("at"), List.of("at"), List.of("o'clock", "oclock"),
            Map.of("noon", LocalTime.NOON, "midday", LocalTime.NOON, "midnight", LocalTime.MIDNIGHT),
            Map.of("half past", 30, "quarter past", 15, "quarter to", -15));

    static final DateWords FRENCH = new DateWords(
            Map.of("aujourd'hui", 0, "aujourdhui", 0, "demain", 1, "hier", -1,
                    "apres-demain", 2, "apres demain", 2, "avant-hier", -2, "avant hier", -2),
            List.of("dans"),
            units("jour", "jours", "semaine", "semaines", "mois", "mois"),
            numbers("un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze"),
            Map.of("une", 1),
            List.of("ce"), List.of("prochain"), List.of(), List.of("dernier"),
            Map.of(),
            // "à" folds to "a", which is also "has": it may lead a time, never make a bare number one.
            List.of("a", "vers"), List.of(), List.of("heures", "heure"),
            Map.of("midi", LocalTime.NOON, "minuit", LocalTime.MIDNIGHT),
            Map.of());

    static final DateWords AFRIKAANS = new DateWords(
            Map.of("vandag", 0, "more", 1, "oormore", 2, "gister", -1, "eergister", -2),
            List.of("oor"),
            units("dag", "dae", "week", "weke", "maand", "maande"),
            numbers("een", "twee", "drie", "vier", "vyf", "ses", "sewe", "agt", "nege", "tien", "elf", "twaalf"),
            Map.of("'n", 1),
            List.of("volgende", "aanstaande", "hierdie", "op"), List.of(), List.of("verlede", "laas"), List.of(),
            Map.of(),
            List.of("om"), List.of("om"), List.of("uur"),
            Map.of("middernag", LocalTime.MIDNIGHT),
            // "half drie" is half an hour before three.
            Map.of("half", -30, "kwart oor", 15, "kwart voor", -15));

    static final DateWords ZULU = new DateWords(
            Map.of("namuhla", 0, "namhlanje", 0, "kusasa", 1, "ngomuso", 1, "izolo", -1),
            List.of(), Map.of(), Map.of(), Map.of(),
            List.of(), List.of(), List.of(), List.of(),
            // "On <weekday>": the name's first vowel gives way to ngo- or nge-.
            Map.of("ngomsombuluko", DayOfWeek.MONDAY, "ngolwesibili", DayOfWeek.TUESDAY,
                    "ngolwesithathu", DayOfWeek.WEDNESDAY, "ngolwesine", DayOfWeek.THURSDAY,
                    "ngolwesihlanu", DayOfWeek.FRIDAY, "ngomgqibelo", DayOfWeek.SATURDAY, "ngesonto", DayOfWeek.SUNDAY),
            List.of("ngo"), List.of(), List.of(),
            Map.of(), Map.of());

    /**
     * The words of a language, with English's after them: users switch to English mid-sentence (more
     * so in South Africa than anywhere), and a language without a table here still gets English's.
     */
    static DateWords forLanguage(String language) {
        switch (language) {
            case "fr":
                return FRENCH.orElse(ENGLISH);
            case "af":
                return AFRIKAANS.orElse(ENGLISH);
            case "zu":
                return ZULU.orElse(ENGLISH);
            default:
                return ENGLISH;
        }
    }

    /** These words, then the other's; where both use a word, this one's meaning holds. */
    DateWords orElse(DateWords other) {
        return new DateWords(merge(daysFromToday, other.daysFromToday), merge(in, other.in), merge(units, other.units),
                merge(numbers, other.numbers), merge(articles, other.articles),
                merge(nextBefore, other.nextBefore), merge(nextAfter, other.nextAfter),
                merge(lastBefore, other.lastBefore), merge(lastAfter, other.lastAfter),
                merge(weekdays, other.weekdays), merge(at, other.at), merge(atBareHour, other.atBareHour),
                merge(hourWords, other.hourWords), merge(namedTimes, other.namedTimes),
                merge(minutesFromHour, other.minutesFromHour));
    }

    private static <V> Map<String, V> merge(Map<String, V> first, Map<String, V> second) {
        Map<String, V> merged = new LinkedHashMap<>(first);
        second.forEach(merged::putIfAbsent);
        return Map.copyOf(merged);
    }

    private static List<String> merge(List<String> first, List<String> second) {
        List<String> merged = new ArrayList<>(first);
        second.stream().filter(word -> !merged.contains(word)).forEach(merged::add);
        return List.copyOf(merged);
    }

    /** Day, days, week, weeks, month, months: singular and plural of each unit in that order. */
    private static Map<String, ChronoUnit> units(String day, String days, String week, String weeks,
                                                 String month, String months) {
        Map<String, ChronoUnit> units = new LinkedHashMap<>();
        units.put(day, ChronoUnit.DAYS);
        units.put(days, ChronoUnit.DAYS);
        units.put(week, ChronoUnit.WEEKS);
        units.put(weeks, ChronoUnit.WEEKS);
        units.put(month, ChronoUnit.MONTHS);
        units.put(months, ChronoUnit.MONTHS);
        return Map.copyOf(units);
    }

    /** The words for one to twelve, in order. */
    private static Map<String, Integer> numbers(String... words) {
        Map<String, Integer> numbers = new LinkedHashMap<>();
        for (int i = 0; i < words.length; i++) {
            numbers.put(words[i], i + 1);
        }
        return Map.copyOf(numbers);
    }
}
