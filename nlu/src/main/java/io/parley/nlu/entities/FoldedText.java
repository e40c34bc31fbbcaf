package io.parley.nlu.entities;

import java.text.Normalizer;

/**
 * A text lower-cased, with accents removed, horizontal spaces made plain spaces and typographic
 * apostrophes made {@code '}, one char for one char: an offset in the folded text is the same offset
 * in the original, so matches found here are reported against what the user wrote.
 */
public final class FoldedText {

    /** Chars below this (Latin, Greek, Cyrillic and the other alphabets with precomposed accents) fold from a table. */
    private static final char TABLE_SIZE = '\u3000';
    private static final char[] TABLE = new char[TABLE_SIZE];

    static {
        for (char c = 0; c < TABLE_SIZE; c++) {
            TABLE[c] = compute(c);
        }
    }

    private FoldedText() {
    }

    public static String fold(String text) {
        char[] folded = new char[text.length()];
        for (int i = 0; i < text.length(); i++) {
            folded[i] = fold(text.charAt(i));
        }
        return new String(folded);
    }

    static char fold(char c) {
        return c < TABLE_SIZE ? TABLE[c] : compute(c);
    }

    static boolean isMark(char c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    private static char compute(char c) {
        if (c < 0x80) {
            return Character.toLowerCase(c);
        }
        if (Character.getType(c) == Character.SPACE_SEPARATOR) {
            return ' ';
        }
        if (c == '\u2019' || c == '\u2018' || c == '\u02bc' || c == '\u2032') {
            return '\'';
        }
        if (Character.isSurrogate(c)) {
            return c;
        }
        // "é" decomposes to "e" and a combining accent: the base letter stands for the whole.
        char base = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD).charAt(0);
        return Character.toLowerCase(isMark(base) ? c : base);
    }
}
