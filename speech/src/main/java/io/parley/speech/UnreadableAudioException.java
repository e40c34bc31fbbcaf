package io.parley.speech;

import java.util.Objects;

/**
 * The uploaded audio cannot be transcribed as sent: the client's fault, not worth retrying. The message
 * is safe to show the client (it names no server paths).
 */
public class UnreadableAudioException extends RuntimeException {

    /** Why, so an HTTP layer can pick 400, 413 or 415. */
    public enum Reason {
        /** No bytes, or a valid file holding no samples. */
        EMPTY,
        /** Not a format the decoder knows, or a corrupt file. */
        UNDECODABLE,
        /** More bytes than accepted. */
        TOO_LARGE,
        /** Longer than the accepted duration. */
        TOO_LONG
    }

    private final Reason reason;

    public UnreadableAudioException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
