package io.parley.nlu;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a bot's regular expression with a bounded number of character reads. A bot's pattern is not
 * ours to review: one that backtracks catastrophically stops instead of stalling the stream thread.
 * Counting reads, not time, keeps the result the same on every replay of the log.
 */
public final class BoundedMatching {

    /**
     * Character reads one pattern may make on one text: hundreds of passes over the longest text a
     * turn may hold, far beyond what a sane pattern needs, milliseconds of work.
     */
    public static final long MAX_READS = 1_000_000;

    private BoundedMatching() {
    }

    /** A matcher over {@code text} that throws {@link TooManyReads} once it has read too much. */
    public static Matcher matcher(Pattern pattern, String text) {
        return pattern.matcher(new CountedReads(text));
    }

    /**
     * Whether {@code pattern} occurs in {@code text}; a pattern that reads too much, or nests deeper than
     * the thread's stack (Java's matcher recurses on repeated groups), counts as not found.
     */
    public static boolean find(Pattern pattern, String text) {
        try {
            return matcher(pattern, text).find();
        } catch (TooManyReads | StackOverflowError e) {
            return false;
        }
    }

    /** Whether {@code pattern} matches all of {@code text}; too much work counts as no match, as for {@link #find}. */
    public static boolean matches(Pattern pattern, String text) {
        try {
            return matcher(pattern, text).matches();
        } catch (TooManyReads | StackOverflowError e) {
            return false;
        }
    }

    /** The pattern read more of the text than it may. */
    public static final class TooManyReads extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManyReads() {
            super("a bot pattern read more than " + MAX_READS + " characters", null, false, false);
        }
    }

    /** The text as the matcher reads it, one count per character read. */
    private static final class CountedReads implements CharSequence {
        private final String text;
        private long reads;

        CountedReads(String text) {
            this.text = text;
        }

        @Override
        public char charAt(int index) {
            if (++reads > MAX_READS) {
                throw new TooManyReads();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
