package io.parley.nlu.entities;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps one entity per stretch of text. A number inside a phone number, date, time, e-mail or URL is
 * part of it, not a number of its own; otherwise the longer span wins, and on equal length a bot's
 * own entity beats a built-in one (a lookup before a pattern) and any other built-in beats a number.
 */
final class Overlaps {

    private static final Comparator<Found> PRECEDENCE = Comparator.comparingInt(Found::length).reversed()
            .thenComparingInt(Overlaps::rank)
            .thenComparingInt(Found::start)
            .thenComparing(Found::entity)
            .thenComparing(Found::value);

    private Overlaps() {
    }

    /** The entities kept, in text order. */
    static List<Found> resolve(List<Found> found) {
        DisjointSpans notNumbers = new DisjointSpans();
        found.stream()
                .filter(candidate -> !candidate.isBotDefined() && !candidate.isNumber())
                .sorted(Comparator.comparingInt(Found::start))
                .forEach(candidate -> notNumbers.extend(candidate.start(), candidate.end()));
        List<Found> ranked = new ArrayList<>();
        for (Found candidate : found) {
            if (!candidate.isNumber() || !notNumbers.overlaps(candidate.start(), candidate.end())) {
                ranked.add(candidate);
            }
        }
        ranked.sort(PRECEDENCE);
        DisjointSpans taken = new DisjointSpans();
        List<Found> kept = new ArrayList<>();
        for (Found candidate : ranked) {
            if (taken.claim(candidate.start(), candidate.end())) {
                kept.add(candidate);
            }
        }
        kept.sort(Comparator.comparingInt(Found::start));
        return kept;
    }

    /** Lower wins: a bot's lookup, a bot's pattern, a built-in entity, a number. */
    private static int rank(Found found) {
        if (found.isBotDefined()) {
            return found.extractor().equals(EntityExtractor.LOOKUP_EXTRACTOR) ? 0 : 1;
        }
        return found.isNumber() ? 3 : 2;
    }
}
