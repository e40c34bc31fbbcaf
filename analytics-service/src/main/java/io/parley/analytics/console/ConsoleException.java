package io.parley.analytics.console;

import org.springframework.http.HttpStatus;

/** A request the console API refuses, with the status and the words the caller gets. */
public class ConsoleException extends RuntimeException {

    private final HttpStatus status;

    public ConsoleException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    public static ConsoleException notSignedIn() {
        return new ConsoleException(HttpStatus.UNAUTHORIZED, "Sign in with your TalkLift account.");
    }

    /** The same answer for a bot that does not exist and one of another project: its existence is not told. */
    public static ConsoleException noSuchBot(String botKey) {
        return new ConsoleException(HttpStatus.NOT_FOUND, "No bot " + botKey + " in your projects.");
    }
}
