package io.parley.speech;

import java.util.Locale;

/**
 * Text to speech for replies a user asked to hear ({@code response_type=speech}). Implementations are
 * thread-safe and may block for seconds.
 */
public interface SpeechSynthesizer {

    /** The vendor name the bots' telephony settings use for this engine, e.g. {@code espeak-ng}. */
    String vendor();

    /** @throws SpeechEngineException when the engine cannot be asked which languages it speaks */
    boolean supports(Locale language);

    /**
     * @throws IllegalArgumentException when the text is blank or longer than the engine accepts, or the
     *         language is not {@linkplain #supports(Locale) supported}
     * @throws SpeechEngineException when the engine fails, is busy or times out
     */
    SynthesizedAudio synthesize(String text, Locale language);
}
