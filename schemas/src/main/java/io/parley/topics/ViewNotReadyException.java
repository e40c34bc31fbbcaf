package io.parley.topics;

/**
 * A view has not yet read what was on its topic when it started (the broker or the registry is slow
 * or away): answering now could say "unknown" for something that exists. A retry can succeed.
 */
public final class ViewNotReadyException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    ViewNotReadyException(String topic) {
        super("still reading " + topic + " from its start; try again shortly");
    }
}
