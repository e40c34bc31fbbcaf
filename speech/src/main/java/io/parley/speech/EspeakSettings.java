package io.parley.speech;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run the offline synthesizer. {@link #debianDefaults()} suits Debian's {@code espeak-ng} package.
 *
 * @param espeakNg the espeak-ng executable
 * @param variant the voice variant every language's voice is spoken with (a file under espeak-ng-data's
 *        {@code voices/!v}), or empty for the plain voice
 * @param wordsPerMinute the speaking rate
 * @param timeout the longest one espeak-ng run may take, and the longest a call waits for a slot
 * @param maxConcurrency how many syntheses may run at once
 * @param maxTextLength longer texts are refused, in chars
 */
public record EspeakSettings(
        Path espeakNg,
        String variant,
        int wordsPerMinute,
        Duration timeout,
        int maxConcurrency,
        int maxTextLength) {

    public EspeakSettings {
        Objects.requireNonNull(espeakNg, "espeakNg");
        Objects.requireNonNull(variant, "variant");
        if (!variant.matches("[A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException("variant must be a variant's file name: " + variant);
        }
        if (wordsPerMinute < 80 || wordsPerMinute > 450) {
            throw new IllegalArgumentException("wordsPerMinute must be 80 to 450 (espeak-ng's range): " + wordsPerMinute);
        }
        PocketsphinxSettings.requirePositive(timeout, "timeout");
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1: " + maxConcurrency);
        }
        if (maxTextLength < 1) {
            throw new IllegalArgumentException("maxTextLength must be at least 1: " + maxTextLength);
        }
    }

    /**
     * Debian's executable; the {@code klatt} variant at 150 words a minute (espeak-ng's own default is 175),
     * which pocketsphinx understands far better than the plain voice, so presumably callers do too; a 30 s
     * timeout, 2 at once, texts up to 1000 chars (about a minute of speech).
     */
    public static EspeakSettings debianDefaults() {
        return new EspeakSettings(Path.of("/usr/bin/espeak-ng"), "klatt", 150, Duration.ofSeconds(30), 2, 1000);
    }
}
