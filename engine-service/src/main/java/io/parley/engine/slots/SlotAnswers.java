package io.parley.engine.slots;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.parley.avro.BotDefinition;
import io.parley.avro.Entity;
import io.parley.avro.Slot;
import io.parley.avro.SlotFieldType;
import io.parley.nlu.BoundedMatching;
import io.parley.nlu.entities.BuiltInEntity;

/**
 * Checks a user's answer to a slot against its field type and regular expression, and gives the value
 * to keep in a normal form (an e-mail as typed, a number without grouping, a date as ISO 8601, a phone
 * number in E.164, a choice as the bot spells it). Pure: "today" is the command's day in the bot's zone.
 */
final class SlotAnswers {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    /** Practical rather than RFC 5322: one @, a dotted domain, no spaces. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s.]{2,}");
    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+([.,]\\d+)?");
    /** A regular expression runs in a stream thread: a bounded input bounds what a bad pattern can cost. */
    private static final int MAX_REGEX_INPUT = 500;
    private static final List<String> DATE_PATTERNS = List.of("uuuu-MM-dd", "d/M/uuuu", "d-M-uuuu", "d.M.uuuu",
            "d MMMM uuuu", "MMMM d, uuuu", "MMMM d uuuu", "d MMM uuuu", "MMM d, uuuu");

    /** The value to keep, or why the answer is refused. */
    record Checked(String value, String refusal) {
        boolean accepted() {
            return refusal == null;
        }
    }

    private SlotAnswers() {
    }

    /**
     * The answer to a slot given in a free sentence: a slot that names an entity takes that entity's
     * value when the sentence has one ("my e-mail is ann@example.com" fills an EMAIL slot with the
     * address); a slot without one takes the whole answer, or else the built-in entity of its type.
     */
    static Checked fromSentence(Slot slot, String answer, List<Entity> entities, BotDefinition bot, Instant at) {
        if (slot.getEntity() != null) {
            return entityValue(slot.getEntity(), entities)
                    .map(value -> check(slot, value, bot, at))
                    .orElseGet(() -> check(slot, answer, bot, at));
        }
        Checked whole = check(slot, answer, bot, at);
        if (whole.accepted()) {
            return whole;
        }
        return builtInEntityOf(slot.getFieldType())
                .flatMap(name -> entityValue(name, entities))
                .map(value -> check(slot, value, bot, at))
                .filter(Checked::accepted)
                .orElse(whole);
    }

    /**
     * The slot's value among the entities of a sentence that was not an answer to it (the turn that
     * started its module): the entity the slot names, or else the built-in entity of its type; empty
     * when the sentence has none, or its value does not pass the slot's checks.
     */
    static Optional<String> fromEntities(Slot slot, List<Entity> entities, BotDefinition bot, Instant at) {
        return Optional.ofNullable(slot.getEntity()).or(() -> builtInEntityOf(slot.getFieldType()))
                .flatMap(name -> entityValue(name, entities))
                .map(value -> check(slot, value, bot, at))
                .filter(Checked::accepted)
                .map(Checked::value);
    }

    private static Optional<String> builtInEntityOf(SlotFieldType type) {
        return Optional.ofNullable(switch (type) {
            case EMAIL -> BuiltInEntity.EMAIL.entityName();
            case PHONE -> BuiltInEntity.PHONE_NUMBER.entityName();
            case NUMBER -> BuiltInEntity.NUMBER.entityName();
            case DATE -> BuiltInEntity.DATE.entityName();
            default -> null;
        });
    }

    /** The first value of the entity in the sentence; a date-time also answers for its date. */
    private static Optional<String> entityValue(String name, List<Entity> entities) {
        for (Entity entity : entities) {
            if (entity.getEntity().equals(name)) {
                return Optional.of(entity.getValue());
            }
            if (BuiltInEntity.DATE.entityName().equals(name) && BuiltInEntity.DATETIME.entityName().equals(entity.getEntity())
                    && entity.getValue().length() >= 10) {
                return Optional.of(entity.getValue().substring(0, 10));
            }
        }
        return Optional.empty();
    }

    static Checked check(Slot slot, String answer, BotDefinition bot, Instant at) {
        String text = answer == null ? "" : answer.strip();
        Checked checked = text.isEmpty() ? refuse(slot, "Please give an answer.") : byType(slot, text, bot, at);
        if (checked.accepted() && slot.getValidationRegex() != null && (text.length() > MAX_REGEX_INPUT
                || !BoundedMatching.matches(Pattern.compile(slot.getValidationRegex()), text))) {
            return refuse(slot, "That does not look right. Please try again.");
        }
        return checked;
    }

    /** What to say when the answer is refused: the slot's own message, or one for its field type. */
    static String refusalMessage(Slot slot, String typeMessage) {
        return Optional.ofNullable(slot.getValidationMessage()).filter(message -> !message.isBlank()).orElse(typeMessage);
    }

    private static Checked byType(Slot slot, String text, BotDefinition bot, Instant at) {
        switch (slot.getFieldType()) {
            case EMAIL:
                return EMAIL.matcher(text).matches() ? new Checked(text, null)
                        : refuse(slot, "Please enter a valid e-mail address.");
            case NUMBER:
                return number(text, locale(bot)).map(value -> new Checked(value, null))
                        .orElseGet(() -> refuse(slot, "Please enter a number."));
            case DATE:
                return date(slot, text, bot, at);
            case PHONE:
                return phone(slot, text, bot);
            case CHOICE:
                return slot.getChoiceOptions().stream()
                        .filter(option -> option.equalsIgnoreCase(text))
                        .findFirst()
                        .map(option -> new Checked(option, null))
                        .orElseGet(() -> refuse(slot, "Please choose one of: " + String.join(", ", slot.getChoiceOptions()) + "."));
            default:
                return new Checked(text, null);
        }
    }

    /**
     * A number as the bot's language writes it: in English "1,000.5" (comma groups), elsewhere
     * "1.000,5" (dot groups, decimal comma); spaces and apostrophes group in both.
     */
    private static Optional<String> number(String text, Locale locale) {
        String digits = text.replaceAll("(?<=\\d)[\\s_'\u00a0\u202f](?=\\d{3})", "");
        boolean english = locale.getLanguage().equals("en");
        String grouping = english ? "," : ".";
        if (digits.matches("[-+]?\\d{1,3}(" + Pattern.quote(grouping) + "\\d{3})+([.,]\\d+)?")) {
            digits = digits.replace(grouping, "");
        }
        if (!NUMBER.matcher(digits).matches()) {
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(digits.replace(',', '.')).toPlainString());
    }

    private static Checked date(Slot slot, String text, BotDefinition bot, Instant at) {
        Optional<LocalDate> date = parseDate(text, locale(bot));
        if (date.isEmpty()) {
            return refuse(slot, "Please enter a date, for example " + LocalDate.ofInstant(at, zone(bot)) + ".");
        }
        if (slot.getDateGteToday() && date.get().isBefore(LocalDate.ofInstant(at, zone(bot)))) {
            return refuse(slot, "Please enter a date from today on.");
        }
        return new Checked(date.get().toString(), null);
    }

    private static Optional<LocalDate> parseDate(String text, Locale locale) {
        List<Locale> locales = new ArrayList<>(List.of(locale));
        if (!locale.getLanguage().equals("en")) {
            locales.add(Locale.ENGLISH);
        }
        for (Locale language : locales) {
            for (String pattern : DATE_PATTERNS) {
                try {
                    DateTimeFormatter format = DateTimeFormatter.ofPattern(pattern, language)
                            .withResolverStyle(ResolverStyle.STRICT);
                    return Optional.of(LocalDate.parse(text, format));
                } catch (DateTimeParseException e) {
                    // try the next pattern
                }
            }
        }
        return Optional.empty();
    }

    private static Checked phone(Slot slot, String text, BotDefinition bot) {
        // A national number is read in the country of the bot's language (en-ZA: South Africa).
        String region = locale(bot).getCountry().isEmpty() ? "ZZ" : locale(bot).getCountry();
        try {
            Phonenumber.PhoneNumber number = PHONES.parse(text, region);
            if (PHONES.isValidNumber(number)) {
                return new Checked(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164), null);
            }
        } catch (NumberParseException e) {
            // refused below
        }
        return refuse(slot, "Please enter a valid phone number.");
    }

    private static Checked refuse(Slot slot, String typeMessage) {
        return new Checked(null, refusalMessage(slot, typeMessage));
    }

    private static Locale locale(BotDefinition bot) {
        String code = bot.getLanguage().getCode();
        return code == null ? Locale.ENGLISH : Locale.forLanguageTag(code);
    }

    private static ZoneId zone(BotDefinition bot) {
        return ZoneId.of(bot.getTimeZone());
    }
}
