package io.parley.speech;

/** A speech engine failed, timed out or was too busy: the server's fault, worth retrying later. */
public class SpeechEngineException extends RuntimeException {

    public SpeechEngineException(String message) {
        super(message);
    }

    public SpeechEngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
