package io.parley.nlu;

import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.parley.avro.BotDefinition;
import io.parley.avro.Language;
import io.parley.avro.Translation;

/**
 * The languages a bot speaks (its default one and its translations), and how a client's name for a
 * language finds one of them. Shared by the edge, which refuses an unsupported language, and the
 * engine, which speaks and understands the session's language.
 */
public final class BotLanguages {

    private BotLanguages() {
    }

    /** Every language of the bot, the default one first. */
    public static List<Language> of(BotDefinition bot) {
        List<Language> languages = new ArrayList<>();
        languages.add(bot.getLanguage());
        bot.getTranslations().forEach(translation -> languages.add(translation.getLanguage()));
        return languages;
    }

    /**
     * The bot's language a client means by {@code requested}: its code ({@code zu-ZA}, any case), its
     * name ({@code English}, as Botlhale's own examples send), its slug ({@code EN}), or a tag whose
     * primary language the bot speaks in one variant only ({@code en} or {@code en-US} for a bot that
     * speaks {@code en-ZA}). Empty when the bot does not speak it.
     */
    public static Optional<Language> resolve(BotDefinition bot, String requested) {
        if (requested == null || requested.isBlank()) {
            return Optional.empty();
        }
        String wanted = requested.strip();
        List<Language> languages = of(bot);
        for (Language language : languages) {
            if (wanted.equalsIgnoreCase(language.getCode()) || wanted.equalsIgnoreCase(language.getName())
                    || wanted.equalsIgnoreCase(language.getSlug())) {
                return Optional.of(language);
            }
        }
        String primary = locale(wanted).getLanguage();
        if (primary.isEmpty()) {
            return Optional.empty();
        }
        List<Language> samePrimary = languages.stream()
                .filter(language -> primary.equals(locale(language).getLanguage()))
                .toList();
        return samePrimary.size() == 1 ? Optional.of(samePrimary.get(0)) : Optional.empty();
    }

    /** The translation for {@code language}, or empty for the bot's default language. */
    public static Optional<Translation> translation(BotDefinition bot, Language language) {
        if (language == null || sameLanguage(language, bot.getLanguage())) {
            return Optional.empty();
        }
        return bot.getTranslations().stream()
                .filter(translation -> sameLanguage(translation.getLanguage(), language))
                .findFirst();
    }

    /** How the bot's languages are listed to a client: codes where they have one. */
    public static List<String> names(BotDefinition bot) {
        return of(bot).stream()
                .map(language -> language.getCode() != null ? language.getCode() : language.getName())
                .toList();
    }

    /** The locale of a language: from its code, else from its slug; {@link Locale#ROOT} when neither is a tag. */
    public static Locale locale(Language language) {
        Locale fromCode = language.getCode() == null ? Locale.ROOT : locale(language.getCode());
        return fromCode.getLanguage().isEmpty() ? locale(language.getSlug()) : fromCode;
    }

    private static Locale locale(String tag) {
        try {
            return new Locale.Builder().setLanguageTag(tag.replace('_', '-')).build();
        } catch (IllformedLocaleException | NullPointerException e) {
            return Locale.ROOT;
        }
    }

    private static boolean sameLanguage(Language a, Language b) {
        return a.getCode() != null && b.getCode() != null ? a.getCode().equalsIgnoreCase(b.getCode())
                : a.getName().equalsIgnoreCase(b.getName());
    }
}
