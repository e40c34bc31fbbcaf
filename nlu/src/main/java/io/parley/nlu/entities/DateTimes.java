package io.parley.nlu.entities;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Dates and times in one locale's language, compiled once per locale: absolute dates ("2027-03-12",
 * "12/03/2027", "12 March 2027", "March 12"), days relative to today ("tomorrow", "in 3 days",
 * "next Monday"), and times ("3pm", "15:00", "15h30", "at 3", "half past 3"). A date next to a time
 * is one date-time. Month and weekday names come from the JDK's CLDR data; the other words from
 * {@link DateWords}. Everything is matched in folded text, so case and accents do not matter.
 */
final class DateTimes {

    /** A year-less date is the next one on or after today; February 29 may be up to 8 years off. */
    private static final int YEARS_TO_NEXT_DATE = 8;
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final String WORD_START = "(?<![\\p{L}\\p{N}])";
    private static final String WORD_END = "(?![\\p{L}\\p{N}])";
    private static final String SPACE = "\\s++";
    private static final String ORDINAL = "(?:st|nd|rd|th|er|re|e|ste|de)?";
    private static final Pattern BETWEEN_DATE_AND_TIME = Pattern.compile("[\\s,]*+");

    private final DateWords words;
    private final Map<String, Month> months;
    private final Map<String, DayOfWeek> weekdays;
    private final Map<String, Integer> amounts;
    private final boolean monthFirst;
    private final Pattern absoluteDate;
    private final Pattern relativeDay;
    private final Pattern timeFromToday;
    private final Pattern weekday;
    private final Pattern time;

    DateTimes(Locale locale) {
        this.words = DateWords.forLanguage(locale.getLanguage());
        this.months = months(locale);
        this.weekdays = weekdays(locale, words);
        this.amounts = amounts(words);
        this.monthFirst = locale.getLanguage().equals("en") && locale.getCountry().equals("US");
        String month = anyOf(months.keySet());
        String weekdayName = anyOf(weekdays.keySet());
        this.absoluteDate = Pattern.compile(WORD_START + "(?:" + weekdayName + ",?" + SPACE + ")?(?:"
                + "(?<isoYear>[0-9]{4})-(?<isoMonth>[0-9]{1,2})-(?<isoDay>[0-9]{1,2})(?![0-9])"
                + "|(?<first>[0-9]{1,2})(?<separator>[/.-])(?<second>[0-9]{1,2})\\k<separator>" + year("numericYear")
                + "|(?<day>[0-9]{1,2})" + ORDINAL + "(?:" + SPACE + "of)?" + SPACE + "(?<month>" + month + ")" + WORD_END
                + "(?:\\.?,?" + SPACE + year("year") + ")?"
                + "|(?<monthFirst>" + month + ")\\.?" + SPACE + "(?<dayAfter>[0-9]{1,2})" + ORDINAL + WORD_END
                + "(?:,?" + SPACE + year("yearAfter") + ")?)");
        this.relativeDay = Pattern.compile(WORD_START + "(?<days>" + anyOf(words.daysFromToday().keySet()) + ")" + WORD_END);
        this.timeFromToday = Pattern.compile(WORD_START + anyOf(words.in()) + SPACE
                + "(?<amount>[0-9]{1,3}|" + anyOf(amounts.keySet()) + ")" + SPACE
                + "(?<unit>" + anyOf(words.units().keySet()) + ")" + WORD_END);
        List<String> before = new ArrayList<>(words.nextBefore());
        before.addAll(words.lastBefore());
        List<String> after = new ArrayList<>(words.nextAfter());
        after.addAll(words.lastAfter());
        this.weekday = Pattern.compile(WORD_START + "(?:(?<before>" + anyOf(before) + ")" + SPACE + ")?"
                + "(?<weekday>" + weekdayName + ")" + WORD_END
                + "(?:" + SPACE + "(?<after>" + anyOf(after) + ")" + WORD_END + ")?");
        this.time = Pattern.compile(WORD_START + "(?:" + anyOf(words.at()) + "(?:" + SPACE + "|-))?(?:"
                // 3pm, 3:30 p.m.
                + hour("h12") + "(?:[:.]" + minute("m12") + ")?\\s?" + amPm("ampm") + WORD_END
                // 15:00
                + "|" + hour("h24") + ":" + minute("m24") + "(?![0-9]|:[0-9])"
                // 15h30, 15h
                + "|" + hour("hH") + "\\s?h" + minute("mH") + "?" + WORD_END
                // 3 o'clock, 15 heures 30
                + "|" + hour("hWord") + "\\s?" + anyOf(words.hourWords()) + "(?:\\s?" + minute("mWord") + ")?" + WORD_END
                // half past 3, quarter to four
                + "|(?<phrase>" + anyOf(words.minutesFromHour().keySet()) + ")" + SPACE
                + "(?<hPhrase>[0-9]{1,2}|" + anyOf(words.numbers().keySet()) + ")(?:\\s?" + amPm("ampmPhrase") + ")?" + WORD_END
                // noon
                + "|(?<named>" + anyOf(words.namedTimes().keySet()) + ")" + WORD_END
                // at 3
                + ")|" + WORD_START + anyOf(words.atBareHour()) + "(?:" + SPACE + "|-)"
                + hour("hBare") + "(?![\\p{L}\\p{N}]|[:.,h][0-9])");
    }

    private static String year(String group) {
        return "(?<" + group + ">[0-9]{4})(?![0-9])";
    }

    private static String hour(String group) {
        return "(?<" + group + ">[0-9]{1,2})";
    }

    private static String minute(String group) {
        return "(?<" + group + ">[0-5][0-9])";
    }

    /** "am", "a.m.", "pm", "p.m.": the group holds the a or p. */
    private static String amPm(String group) {
        return "(?<" + group + ">[ap])(?:m|\\.m\\.)";
    }

    void find(String folded, LocalDate today, ZoneId zone, List<Found> out) {
        List<Mention> mentions = new ArrayList<>();
        absoluteDates(folded, today, mentions);
        relativeDays(folded, today, mentions);
        timesFromToday(folded, today, mentions);
        weekdays(folded, today, mentions);
        times(folded, mentions);
        List<Mention> kept = longestFirst(mentions);
        for (int i = 0; i < kept.size(); i++) {
            Mention mention = kept.get(i);
            Mention next = i + 1 < kept.size() ? kept.get(i + 1) : null;
            if (next != null && mention.pairsWith(next)
                    && BETWEEN_DATE_AND_TIME.matcher(folded).region(mention.end(), next.start()).matches()) {
                mention = mention.with(next);
                i++;
            }
            out.add(mention.found(zone));
        }
    }

    private void absoluteDates(String folded, LocalDate today, List<Mention> out) {
        Matcher matcher = absoluteDate.matcher(folded);
        while (matcher.find()) {
            LocalDate date;
            if (matcher.group("isoYear") != null) {
                date = date(number(matcher.group("isoYear")), number(matcher.group("isoMonth")), number(matcher.group("isoDay")));
            } else if (matcher.group("first") != null) {
                int first = number(matcher.group("first"));
                int second = number(matcher.group("second"));
                int year = number(matcher.group("numericYear"));
                date = monthFirst ? date(year, first, second) : date(year, second, first);
            } else if (matcher.group("day") != null) {
                date = date(matcher.group("year"), months.get(spaced(matcher.group("month"))), number(matcher.group("day")), today);
            } else {
                date = date(matcher.group("yearAfter"), months.get(spaced(matcher.group("monthFirst"))),
                        number(matcher.group("dayAfter")), today);
            }
            if (date != null) {
                out.add(new Mention(matcher.start(), matcher.end(), date, null));
            }
        }
    }

    private void relativeDays(String folded, LocalDate today, List<Mention> out) {
        Matcher matcher = relativeDay.matcher(folded);
        while (matcher.find()) {
            int days = words.daysFromToday().get(spaced(matcher.group("days")));
            out.add(new Mention(matcher.start(), matcher.end(), today.plusDays(days), null));
        }
    }

    private void timesFromToday(String folded, LocalDate today, List<Mention> out) {
        Matcher matcher = timeFromToday.matcher(folded);
        while (matcher.find()) {
            String amount = matcher.group("amount");
            int count = Character.isDigit(amount.charAt(0)) ? number(amount) : amounts.get(spaced(amount));
            ChronoUnit unit = words.units().get(spaced(matcher.group("unit")));
            out.add(new Mention(matcher.start(), matcher.end(), today.plus(count, unit), null));
        }
    }

    /** A weekday is its next one after today, or with "last" its last one before today. */
    private void weekdays(String folded, LocalDate today, List<Mention> out) {
        Matcher matcher = weekday.matcher(folded);
        while (matcher.find()) {
            DayOfWeek day = weekdays.get(spaced(matcher.group("weekday")));
            boolean last = matcher.group("before") != null && words.lastBefore().contains(spaced(matcher.group("before")))
                    || matcher.group("after") != null && words.lastAfter().contains(spaced(matcher.group("after")));
            LocalDate date = today.with(last ? TemporalAdjusters.previous(day) : TemporalAdjusters.next(day));
            out.add(new Mention(matcher.start(), matcher.end(), date, null));
        }
    }

    private void times(String folded, List<Mention> out) {
        Matcher matcher = time.matcher(folded);
        while (matcher.find()) {
            LocalTime time = time(matcher);
            if (time != null) {
                out.add(new Mention(matcher.start(), matcher.end(), null, time));
            }
        }
    }

    private LocalTime time(Matcher matcher) {
        if (matcher.group("h12") != null) {
            return twelveHour(number(matcher.group("h12")), minutes(matcher.group("m12")), matcher.group("ampm"), 0);
        }
        if (matcher.group("h24") != null) {
            return clock(number(matcher.group("h24")), number(matcher.group("m24")));
        }
        if (matcher.group("hH") != null) {
            return clock(number(matcher.group("hH")), minutes(matcher.group("mH")));
        }
        if (matcher.group("hWord") != null) {
            return clock(afternoonIfBusinessHour(number(matcher.group("hWord"))), minutes(matcher.group("mWord")));
        }
        if (matcher.group("phrase") != null) {
            String hour = matcher.group("hPhrase");
            int number = Character.isDigit(hour.charAt(0)) ? number(hour) : words.numbers().get(spaced(hour));
            int offset = words.minutesFromHour().get(spaced(matcher.group("phrase")));
            return matcher.group("ampmPhrase") == null ? clockPlus(afternoonIfBusinessHour(number), offset)
                    : twelveHour(number, 0, matcher.group("ampmPhrase"), offset);
        }
        if (matcher.group("named") != null) {
            return words.namedTimes().get(spaced(matcher.group("named")));
        }
        return clock(afternoonIfBusinessHour(number(matcher.group("hBare"))), 0);
    }

    /** Without am or pm, "at 3" is read in business hours: 1 to 6 are in the afternoon. */
    private static int afternoonIfBusinessHour(int hour) {
        return hour >= 1 && hour <= 6 ? hour + 12 : hour;
    }

    private static LocalTime twelveHour(int hour, int minute, String amOrPm, int offset) {
        if (hour < 1 || hour > 12) {
            return null;
        }
        int hourOfDay = hour % 12 + (amOrPm.equals("p") ? 12 : 0);
        return clockPlus(hourOfDay, offset + minute);
    }

    private static LocalTime clockPlus(int hour, int minutes) {
        LocalTime time = clock(hour, 0);
        return time == null ? null : time.plusMinutes(minutes);
    }

    private static LocalTime clock(int hour, int minute) {
        return hour <= 23 && minute <= 59 ? LocalTime.of(hour, minute) : null;
    }

    private static int minutes(String group) {
        return group == null ? 0 : number(group);
    }

    private static LocalDate date(int year, int month, int day) {
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The date in the year given, or the next such date on or after today. */
    private static LocalDate date(String year, Month month, int day, LocalDate today) {
        if (year != null) {
            return date(number(year), month.getValue(), day);
        }
        for (int next = today.getYear(); next <= today.getYear() + YEARS_TO_NEXT_DATE; next++) {
            LocalDate date = date(next, month.getValue(), day);
            if (date != null && !date.isBefore(today)) {
                return date;
            }
        }
        return null;
    }

    /** Where mentions overlap ("Friday" in "Friday 12 March"), the longest. */
    private static List<Mention> longestFirst(List<Mention> mentions) {
        mentions.sort(Comparator.comparingInt((Mention mention) -> mention.start() - mention.end())
                .thenComparingInt(Mention::start));
        DisjointSpans taken = new DisjointSpans();
        List<Mention> kept = new ArrayList<>();
        for (Mention mention : mentions) {
            if (taken.claim(mention.start(), mention.end())) {
                kept.add(mention);
            }
        }
        kept.sort(Comparator.comparingInt(Mention::start));
        return kept;
    }

    /** Month names, full and short, in the locale and in English; the locale's meaning wins. */
    private static Map<String, Month> months(Locale locale) {
        Map<String, Month> months = new HashMap<>();
        for (Locale language : List.of(locale, Locale.ENGLISH)) {
            for (TextStyle style : List.of(TextStyle.FULL, TextStyle.FULL_STANDALONE, TextStyle.SHORT, TextStyle.SHORT_STANDALONE)) {
                for (Month month : Month.values()) {
                    String name = name(month.getDisplayName(style, language));
                    if (!name.isEmpty()) {
                        months.putIfAbsent(name, month);
                    }
                }
            }
        }
        return Map.copyOf(months);
    }

    /**
     * Full weekday names only, in the locale and in English, and the language's other forms: short
     * ones are words too often ("sun", "sat", "wed").
     */
    private static Map<String, DayOfWeek> weekdays(Locale locale, DateWords words) {
        Map<String, DayOfWeek> weekdays = new HashMap<>(words.weekdays());
        for (Locale language : List.of(locale, Locale.ENGLISH)) {
            for (TextStyle style : List.of(TextStyle.FULL, TextStyle.FULL_STANDALONE)) {
                for (DayOfWeek day : DayOfWeek.values()) {
                    String name = name(day.getDisplayName(style, language));
                    if (!name.isEmpty()) {
                        weekdays.putIfAbsent(name, day);
                    }
                }
            }
        }
        return Map.copyOf(weekdays);
    }

    /** A CLDR name folded, without an abbreviation's dot; empty if it is not a word (some locales give numbers). */
    private static String name(String displayName) {
        String name = FoldedText.fold(displayName.strip());
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.chars().anyMatch(Character::isLetter) && name.chars().noneMatch(Character::isDigit) ? spaced(name) : "";
    }

    /** Number words and articles: "two weeks", "a week". */
    private static Map<String, Integer> amounts(DateWords words) {
        Map<String, Integer> amounts = new HashMap<>(words.numbers());
        words.articles().forEach(amounts::putIfAbsent);
        return Map.copyOf(amounts);
    }

    /** Words or phrases as alternatives, longest first so "march" is not read as "mar"; never matches if none. */
    private static String anyOf(Collection<String> phrases) {
        if (phrases.isEmpty()) {
            return "(?!)";
        }
        return phrases.stream()
                .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()))
                .map(phrase -> List.of(phrase.split(" ")).stream().map(Pattern::quote).collect(Collectors.joining(SPACE)))
                .collect(Collectors.joining("|", "(?:", ")"));
    }

    /** As the tables write a phrase: single spaces. */
    private static String spaced(String phrase) {
        return phrase.strip().replaceAll("\\s+", " ");
    }

    private static int number(String digits) {
        return Integer.parseInt(digits);
    }

    /** A date, a time, or both, found in [start, end). */
    private record Mention(int start, int end, LocalDate date, LocalTime time) {

        /** Whether one of the two is a date and the other a time, to be read together. */
        boolean pairsWith(Mention next) {
            return date == null && time != null && next.date != null && next.time == null
                    || date != null && time == null && next.date == null && next.time != null;
        }

        Mention with(Mention next) {
            return new Mention(start, next.end, date != null ? date : next.date, time != null ? time : next.time);
        }

        Found found(ZoneId zone) {
            if (time == null) {
                return Found.of(BuiltInEntity.DATE, date.toString(), start, end);
            }
            if (date == null) {
                return Found.of(BuiltInEntity.TIME, time.format(TIME), start, end);
            }
            return Found.of(BuiltInEntity.DATETIME, ZonedDateTime.of(date, time, zone).format(DATE_TIME), start, end);
        }
    }
}
