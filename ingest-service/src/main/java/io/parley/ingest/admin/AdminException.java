package io.parley.ingest.admin;

import java.util.List;

import org.springframework.http.HttpStatus;

/** An admin call answered with an error status, a message and, for invalid bots, every fault found. */
class AdminException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final HttpStatus status;
    private final List<String> problems;

    AdminException(HttpStatus status, String message) {
        this(status, message, List.of());
    }

    AdminException(HttpStatus status, String message, List<String> problems) {
        super(message);
        this.status = status;
        this.problems = List.copyOf(problems);
    }

    HttpStatus status() {
        return status;
    }

    List<String> problems() {
        return problems;
    }
}
