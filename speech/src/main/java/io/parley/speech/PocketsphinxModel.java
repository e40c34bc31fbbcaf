package io.parley.speech;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * One language's models for pocketsphinx.
 *
 * @param language the BCP 47 tag it serves: a language ({@code en}) serves every country's variant of it,
 *        a language and country ({@code en-US}) only that one
 * @param acousticModel the acoustic model directory ({@code -hmm}), sampled at 16 kHz
 * @param languageModel the n-gram language model ({@code -lm})
 * @param dictionary the pronunciation dictionary ({@code -dict})
 */
public record PocketsphinxModel(String language, Path acousticModel, Path languageModel, Path dictionary) {

    private static final Path DEBIAN_MODELS = Path.of("/usr/share/pocketsphinx/model");

    public PocketsphinxModel {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(acousticModel, "acousticModel");
        Objects.requireNonNull(languageModel, "languageModel");
        Objects.requireNonNull(dictionary, "dictionary");
    }

    /** US English from Debian's {@code pocketsphinx-en-us}, used for all English: the only model Debian ships. */
    public static PocketsphinxModel debianEnglish() {
        Path dir = DEBIAN_MODELS.resolve("en-us");
        return new PocketsphinxModel("en", dir.resolve("en-us"), dir.resolve("en-us.lm.bin"),
                dir.resolve("cmudict-en-us.dict"));
    }

    boolean serves(Locale locale) {
        Locale served = Locale.forLanguageTag(language);
        return served.getLanguage().equals(locale.getLanguage())
                && (served.getCountry().isEmpty() || served.getCountry().equals(locale.getCountry()));
    }
}
