package io.parley.speech;

import java.util.Locale;

/**
 * Speech to text for spoken messages (the Botlhale API's {@code speech_file}). Implementations are
 * thread-safe; they may block for seconds, so call them from a request or consumer thread, never from
 * a stream thread.
 */
public interface SpeechRecognizer {

    /** The vendor name the bots' telephony settings use for this engine, e.g. {@code pocketsphinx}. */
    String vendor();

    boolean supports(Locale language);

    /**
     * @param audio the uploaded file as sent; its format is read from the content, not from a file name
     * @throws UnreadableAudioException when the bytes are not audio we can decode, or too long or too large
     *         (the client's fault: HTTP 4xx)
     * @throws SpeechEngineException when the engine itself fails, is busy or times out (the server's fault)
     * @throws IllegalArgumentException when the language is not {@linkplain #supports(Locale) supported}
     */
    Transcript transcribe(byte[] audio, Locale language);
}
