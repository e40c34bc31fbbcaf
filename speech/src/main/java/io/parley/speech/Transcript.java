package io.parley.speech;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What a recognizer heard.
 *
 * @param text the words heard, lower case, single spaces; empty when the audio held no speech
 * @param language the language the audio was transcribed as
 * @param audioDuration how long the decoded audio was
 */
public record Transcript(String text, Locale language, Duration audioDuration) {

    public Transcript {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(audioDuration, "audioDuration");
    }

    /** Silence or noise: the audio was readable but no words were recognized. */
    public boolean isEmpty() {
        return text.isBlank();
    }
}
