package io.parley.engine.templates;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Map;

import io.parley.avro.BotDefinition;
import io.parley.avro.OpeningHours;

/**
 * The variables every bot has, as TALKR names them: {@code jour} (day name), {@code heure} (HH:mm) and
 * {@code horaire} ({@code horairein} / {@code horaireout}), in the bot's time zone and language, at
 * the time of the command, never the wall clock, so a replay decides the same.
 */
public final class BuiltInVariables {

    static final String DAY = "jour";
    static final String TIME = "heure";
    static final String BUSINESS_HOURS = "horaire";
    static final String OPEN = "horairein";
    static final String CLOSED = "horaireout";
    private static final DateTimeFormatter HOURS_MINUTES = DateTimeFormatter.ofPattern("HH:mm");

    private BuiltInVariables() {
    }

    /** The three variables at {@code at}, as text. */
    public static Map<String, String> at(BotDefinition bot, Instant at) {
        ZonedDateTime local = at.atZone(ZoneId.of(bot.getTimeZone()));
        Locale language = Locale.forLanguageTag(languageTag(bot));
        return Map.of(
                DAY, local.getDayOfWeek().getDisplayName(TextStyle.FULL, language).toLowerCase(language),
                TIME, local.format(HOURS_MINUTES),
                BUSINESS_HOURS, isOpen(bot, local) ? OPEN : CLOSED);
    }

    /** Flags for templates: {@code {{#horairein}}We are open.{{/horairein}}}. */
    public static Map<String, Object> flags(Map<String, String> variables) {
        boolean open = OPEN.equals(variables.get(BUSINESS_HOURS));
        return Map.of(OPEN, open, CLOSED, !open);
    }

    private static boolean isOpen(BotDefinition bot, ZonedDateTime local) {
        DayOfWeek day = local.getDayOfWeek();
        LocalTime time = local.toLocalTime();
        for (OpeningHours hours : bot.getBusinessHours()) {
            if (hours.getDay().name().equals(day.name()) && !time.isBefore(hours.getOpens()) && time.isBefore(hours.getCloses())) {
                return true;
            }
        }
        return false;
    }

    private static String languageTag(BotDefinition bot) {
        String code = bot.getLanguage().getCode();
        return code != null ? code : bot.getLanguage().getSlug().toLowerCase(Locale.ROOT);
    }
}
