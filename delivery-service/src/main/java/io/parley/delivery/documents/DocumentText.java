package io.parley.delivery.documents;

import java.util.regex.Pattern;

/** A document's text as it goes back to the conversation: one line of plain words, not too long. */
final class DocumentText {

    /** Any run of white space (Unicode's too: no-break spaces, line and paragraph separators). */
    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\p{Z}]+", Pattern.UNICODE_CHARACTER_CLASS);
    /** Control and format characters OCR and PDFs leave behind (soft hyphens, zero-width spaces, NULs); not white space. */
    private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cc}\\p{Cf}&&[^\\s]]");
    /** A cut may fall back this far to end on a whole word. */
    private static final double WORD_BOUNDARY_SLACK = 0.2;

    private DocumentText() {
    }

    /** {@code raw} with its white space collapsed to single spaces, cut to at most {@code maxChars} characters. */
    static String presentable(String raw, int maxChars) {
        String text = WHITESPACE.matcher(INVISIBLE.matcher(raw).replaceAll("")).replaceAll(" ").strip();
        if (text.length() <= maxChars) {
            return text;
        }
        int cut = maxChars;
        if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1)) && Character.isLowSurrogate(text.charAt(cut))) {
            cut--;
        }
        int space = text.lastIndexOf(' ', cut);
        if (space > 0 && space >= cut - maxChars * WORD_BOUNDARY_SLACK) {
            cut = space;
        }
        return text.substring(0, cut).strip();
    }
}
