package io.parley.ingest.talkr;

import org.springframework.http.HttpStatus;

/** A request the TALKR dialect answers with an error status and {@code variables.error}. */
class TalkrException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final HttpStatus status;
    private final String session;

    TalkrException(HttpStatus status, String message) {
        this(status, message, null);
    }

    TalkrException(HttpStatus status, String message, String session) {
        super(message);
        this.status = status;
        this.session = session;
    }

    HttpStatus status() {
        return status;
    }

    String session() {
        return session;
    }
}
