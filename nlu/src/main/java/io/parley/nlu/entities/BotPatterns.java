package io.parley.nlu.entities;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.parley.avro.EntityDefinition;

/**
 * The bots' regular expressions. A bot's pattern is not ours to review, so each one runs with a bounded
 * number of character reads: a pattern that backtracks catastrophically stops (keeping what it found
 * until then) instead of stalling the stream thread. Counting reads, not time, keeps the result the
 * same on every replay.
 */
final class BotPatterns {

    /**
     * Character reads one pattern may make on one text: hundreds of passes over the longest text
     * searched, far beyond what a sane pattern needs, milliseconds of work.
     */
    static final long MAX_READS = 1_000_000;

    private final List<EntityPattern> patterns;

    BotPatterns(List<EntityDefinition> definitions) {
        List<EntityPattern> patterns = new ArrayList<>();
        for (EntityDefinition definition : definitions) {
            for (String regex : definition.getPatterns()) {
                try {
                    patterns.add(new EntityPattern(definition.getName(), Pattern.compile(regex)));
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("entity '" + definition.getName() + "': invalid pattern '"
                            + regex + "': " + e.getDescription() + " near index " + e.getIndex(), e);
                }
            }
        }
        this.patterns = List.copyOf(patterns);
    }

    void find(String text, List<Found> out) {
        for (EntityPattern pattern : patterns) {
            Matcher matcher = pattern.regex().matcher(new CountedReads(text));
            try {
                while (matcher.find()) {
                    if (matcher.end() > matcher.start()) {
                        out.add(new Found(pattern.entity(), matcher.group(), matcher.start(), matcher.end(),
                                EntityExtractor.PATTERN_EXTRACTOR));
                    }
                }
            } catch (TooManyReads e) {
                // This pattern is too costly on this text; the other patterns still run.
            }
        }
    }

    private record EntityPattern(String entity, Pattern regex) {
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

    private static final class TooManyReads extends RuntimeException {
        TooManyReads() {
            super("a bot pattern read more than " + MAX_READS + " characters", null, false, false);
        }
    }
}
