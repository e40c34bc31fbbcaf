package io.parley.ingest.talklift;

import org.springframework.http.HttpStatus;

/** A TalkLift API call answered with one of the seed's error codes and a JSON {@code detail}. */
class TalkLiftException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final HttpStatus status;

    TalkLiftException(HttpStatus status, String detail) {
        super(detail);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }
}
