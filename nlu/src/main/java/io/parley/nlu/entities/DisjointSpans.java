package io.parley.nlu.entities;

import java.util.Map;
import java.util.TreeMap;

/** Spans of text [start, end) that do not overlap, kept by start: claims are checked in log time. */
final class DisjointSpans {

    private final TreeMap<Integer, Integer> ends = new TreeMap<>();

    boolean overlaps(int start, int end) {
        Map.Entry<Integer, Integer> before = ends.floorEntry(start);
        if (before != null && before.getValue() > start) {
            return true;
        }
        Integer after = ends.ceilingKey(start);
        return after != null && after < end;
    }

    /** Claims [start, end) unless part of it is taken; whether it was free. */
    boolean claim(int start, int end) {
        if (overlaps(start, end)) {
            return false;
        }
        ends.put(start, end);
        return true;
    }

    /** Adds [start, end), joining it with the spans it overlaps; spans must come in order of start. */
    void extend(int start, int end) {
        Map.Entry<Integer, Integer> last = ends.lastEntry();
        if (last != null && last.getValue() > start) {
            ends.put(last.getKey(), Math.max(last.getValue(), end));
        } else {
            ends.put(start, end);
        }
    }
}
