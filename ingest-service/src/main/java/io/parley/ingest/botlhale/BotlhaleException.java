package io.parley.ingest.botlhale;

import org.springframework.http.HttpStatus;

/** A Botlhale API call answered with an HTTP error and a JSON body saying why. */
class BotlhaleException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final HttpStatus status;

    BotlhaleException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }
}
