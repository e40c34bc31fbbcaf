package io.parley.benchmark.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the clients saw: every turn they sent (each text unique, so the log can be searched for it),
 * every failed attempt with its time and what failed, and when each session was answered.
 */
final class Ledger {

    /** One user turn: sent first at {@code sentAt}, answered (200) at {@code answeredAt} or never (-1). */
    static final class Turn {
        final String kind;
        final String text;
        final long sentAt;
        volatile String session;
        volatile long answeredAt = -1;
        volatile int attempts;
        volatile String finalError;

        Turn(String kind, String session, String text, long sentAt) {
            this.kind = kind;
            this.session = session;
            this.text = text;
            this.sentAt = sentAt;
        }

        boolean answered() {
            return answeredAt >= 0;
        }
    }

    /** An attempt that did not get a 200: its HTTP status, or what broke below HTTP. */
    record Failure(long at, String session, String what) {
    }

    /** A 200 for a session, for recovery times. */
    record Success(long at, String session) {
    }

    private final List<Turn> turns = new CopyOnWriteArrayList<>();
    private final List<Failure> failures = new CopyOnWriteArrayList<>();
    private final List<Success> successes = new CopyOnWriteArrayList<>();
    private final Map<String, String> notes = new ConcurrentHashMap<>();

    Turn begin(String kind, String session, String text) {
        Turn turn = new Turn(kind, session, text, System.nanoTime());
        turns.add(turn);
        return turn;
    }

    void failed(Turn turn, String what) {
        failures.add(new Failure(System.nanoTime(), turn.session, what));
    }

    /** The turn got its 200; {@code session} is the one the answer names (a start learns its session from it). */
    void answered(Turn turn, String session) {
        long now = System.nanoTime();
        if (turn.session == null) {
            turn.session = session;
        }
        turn.answeredAt = now;
        if (turn.session != null) {
            successes.add(new Success(now, turn.session));
        }
    }

    /** Forgets what was recorded so far (the warm-up's turns), keeping what comes after. */
    void clear() {
        turns.clear();
        failures.clear();
        successes.clear();
    }

    /** A surprise worth printing once (an unexpected answer); the first of each kind is kept. */
    void note(String what, String detail) {
        notes.putIfAbsent(what, detail);
    }

    List<Turn> turns() {
        return new ArrayList<>(turns);
    }

    List<Failure> failures() {
        return new ArrayList<>(failures);
    }

    List<Success> successes() {
        return new ArrayList<>(successes);
    }

    Map<String, String> notes() {
        return Map.copyOf(notes);
    }
}
