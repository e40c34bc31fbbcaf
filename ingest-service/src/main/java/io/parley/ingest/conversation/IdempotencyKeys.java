package io.parley.ingest.conversation;

import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A client's {@code Idempotency-Key}: the same on every retry of one message, it becomes the command's
 * id, so the engine, which remembers each session's latest command ids, takes the message once and
 * answers a retry with the turn it took.
 */
public final class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    /** The characters a key may have: it becomes part of a command id. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.~-]{1,128}");
    public static final String MALFORMED = HEADER + " must be 1 to 128 letters, digits or the characters _ . ~ -";

    private IdempotencyKeys() {
    }

    /**
     * The command id the request's key makes for {@code dialect}; empty without a key.
     *
     * @throws IllegalArgumentException with {@link #MALFORMED} when the key has characters it may not have
     */
    public static Optional<String> commandId(String dialect, HttpServletRequest request) {
        String key = request.getHeader(HEADER);
        if (key == null) {
            return Optional.empty();
        }
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException(MALFORMED);
        }
        return Optional.of(dialect + "/" + key);
    }
}
