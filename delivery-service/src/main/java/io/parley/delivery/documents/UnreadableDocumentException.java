package io.parley.delivery.documents;

/**
 * A document that could not be fetched or read. The message is the cause as the user may be told it
 * ("expected a PDF but the server sent text/html"): one line, no stack trace, no internals.
 */
final class UnreadableDocumentException extends Exception {

    private static final long serialVersionUID = 1L;

    UnreadableDocumentException(String cause) {
        super(cause, null, false, false);
    }
}
