package io.parley.nlu.entities;

import java.math.BigDecimal;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Numbers written the way the locale writes them, per the JDK's CLDR data: "1,234.5" in English,
 * "1 234,5" in French or Afrikaans (any kind of space groups). Where spaces group and a comma marks
 * decimals, a decimal point is read too: there it cannot be a grouping. The value is plain: "1234.5".
 */
final class Numbers {

    /** Longer runs of digits are codes or noise, not amounts; and their value would cost to compute. */
    private static final int MAX_LENGTH = 40;

    private final Pattern number;
    private final char grouping;

    Numbers(Locale locale) {
        DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(locale);
        // Matched against folded text, where every space is ' ' and every apostrophe '\''.
        this.grouping = FoldedText.fold(symbols.getGroupingSeparator());
        char decimal = symbols.getDecimalSeparator();
        String decimals = grouping == ' ' && decimal == ',' ? ",." : String.valueOf(decimal);
        String separators = grouping == ' ' ? decimals : grouping + decimals;
        String group = anyOf(String.valueOf(grouping));
        String separator = anyOf(separators);
        // A number stands alone: not inside a word, and not a piece of "1,2345" or "1.2.3".
        this.number = Pattern.compile("(?<![\\p{L}\\p{N}_]|[0-9]" + separator + ")"
                + "([-\u2212]?)([0-9]{1,3}(?:" + group + "[0-9]{3})+|[0-9]++)"
                + "(?:" + anyOf(decimals) + "([0-9]++))?"
                + "(?![\\p{N}]|" + separator + "[0-9])");
    }

    /** A character class of the given characters, each escaped. */
    private static String anyOf(String chars) {
        StringBuilder regex = new StringBuilder("[");
        chars.chars().forEach(c -> regex.append(String.format("\\u%04x", c)));
        return regex.append(']').toString();
    }

    void find(String folded, List<Found> out) {
        Matcher matcher = number.matcher(folded);
        while (matcher.find()) {
            if (matcher.end() - matcher.start() > MAX_LENGTH) {
                continue;
            }
            String integer = matcher.group(2).replace(String.valueOf(grouping), "");
            String fraction = matcher.group(3) == null ? "" : "." + matcher.group(3);
            BigDecimal value = new BigDecimal(integer + fraction);
            if (!matcher.group(1).isEmpty()) {
                value = value.negate();
            }
            out.add(Found.of(BuiltInEntity.NUMBER, value.stripTrailingZeros().toPlainString(),
                    matcher.start(), matcher.end()));
        }
    }
}
