package io.parley.nlu.entities;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.parley.avro.EntityDefinition;
import io.parley.avro.LookupValue;

/**
 * The bots' lookup lists as a trie of words: every value and synonym is found whole-word, ignoring
 * case, accents and apostrophes ("Jo'burg" is "joburg"), the longest phrase first. Work is linear in
 * the words of the text times the words of the longest phrase.
 */
final class Lookups {

    private final Node root = new Node();
    private final boolean empty;

    Lookups(List<EntityDefinition> definitions) {
        boolean any = false;
        for (EntityDefinition definition : definitions) {
            for (LookupValue value : definition.getLookup()) {
                List<String> phrases = new ArrayList<>();
                phrases.add(value.getValue());
                phrases.addAll(value.getSynonyms());
                for (String phrase : phrases) {
                    any |= add(phrase, new Hit(definition.getName(), value.getValue()));
                }
            }
        }
        this.empty = !any;
    }

    void find(String folded, List<Found> out) {
        if (empty) {
            return;
        }
        List<Word> words = words(folded);
        int i = 0;
        while (i < words.size()) {
            Node node = root;
            int last = -1;
            Hit hit = null;
            for (int j = i; j < words.size(); j++) {
                node = node.next.get(words.get(j).key());
                if (node == null) {
                    break;
                }
                if (node.hit != null) {
                    last = j;
                    hit = node.hit;
                }
            }
            if (hit == null) {
                i++;
            } else {
                out.add(new Found(hit.entity(), hit.value(), words.get(i).start(), words.get(last).end(),
                        EntityExtractor.LOOKUP_EXTRACTOR));
                i = last + 1;
            }
        }
    }

    /** Adds a phrase; when two values share one, the first defined keeps it. */
    private boolean add(String phrase, Hit hit) {
        if (phrase == null) {
            return false;
        }
        List<Word> words = words(FoldedText.fold(phrase));
        if (words.isEmpty()) {
            return false;
        }
        Node node = root;
        for (Word word : words) {
            node = node.next.computeIfAbsent(word.key(), key -> new Node());
        }
        if (node.hit == null) {
            node.hit = hit;
        }
        return true;
    }

    /**
     * Words are runs of letters and digits (an apostrophe inside one is kept in the span, left out of
     * the key); spaces and dashes separate them; any other symbol is a word of its own, so "C++" is
     * not "C".
     */
    static List<Word> words(String folded) {
        List<Word> words = new ArrayList<>();
        int n = folded.length();
        int i = 0;
        while (i < n) {
            char c = folded.charAt(i);
            if (isWordChar(c)) {
                int start = i;
                StringBuilder key = new StringBuilder();
                while (i < n) {
                    char d = folded.charAt(i);
                    if (isWordChar(d)) {
                        if (!FoldedText.isMark(d)) {
                            key.append(d);
                        }
                        i++;
                    } else if (d == '\'' && i + 1 < n && isWordChar(folded.charAt(i + 1))) {
                        i++;
                    } else {
                        break;
                    }
                }
                words.add(new Word(key.toString(), start, i));
            } else if (Character.isWhitespace(c) || Character.getType(c) == Character.DASH_PUNCTUATION) {
                i++;
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(folded.charAt(i + 1))
                        ? i + 2 : i + 1;
                words.add(new Word(folded.substring(i, end), i, end));
                i = end;
            }
        }
        return words;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || FoldedText.isMark(c);
    }

    record Word(String key, int start, int end) {
    }

    private record Hit(String entity, String value) {
    }

    /** Filled while the extractor is built, only read afterwards. */
    private static final class Node {
        final Map<String, Node> next = new HashMap<>();
        Hit hit;
    }
}
