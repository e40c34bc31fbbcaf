package io.parley.ingest;

import java.util.Optional;

/**
 * The longest text a user's turn or a sent message may hold, at every edge: longer is a 400 naming
 * the field, before anything is recorded. Enough for any chat message (Messenger allows 2,000
 * characters); a limit keeps every command far below the broker's record size and bounds the work
 * the classifier and the entity patterns do on a turn.
 */
public final class TextLimit {

    public static final int MAX_CHARS = 4_096;

    private TextLimit() {
    }

    /** Why {@code text} is refused, or empty when it fits. */
    public static Optional<String> fault(String field, String text) {
        return text != null && text.length() > MAX_CHARS
                ? Optional.of(field + " may hold at most " + MAX_CHARS + " characters; it has " + text.length())
                : Optional.empty();
    }
}
