package io.parley.ingest.bots;

import java.util.List;

/** A bot file that cannot be published, with every fault found and where it is. */
public class InvalidBotException extends Exception {

    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public InvalidBotException(String source, List<String> problems) {
        super(source + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each fault as {@code path: message} (or with line and column for syntax errors). */
    public List<String> problems() {
        return problems;
    }
}
