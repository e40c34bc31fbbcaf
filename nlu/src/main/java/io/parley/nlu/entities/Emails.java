package io.parley.nlu.entities;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** E-mail addresses: practical rather than RFC 5322, a local part, an @ and a dotted domain. */
final class Emails {

    /*
     * Linear: a match may only start where a local part starts (the look-behind), the quantifiers
     * are possessive, and a domain gives back whole labels only, so "a@b.com." ends before the dot.
     */
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\p{L}\\p{N}._%+'-])([\\p{L}\\p{N}._%+'-]++)@((?:[\\p{L}\\p{N}-]++\\.)+\\p{L}{2,}+)(?![\\p{L}\\p{N}_-])");

    private Emails() {
    }

    static void find(String text, List<Found> out) {
        Matcher matcher = EMAIL.matcher(text);
        while (matcher.find()) {
            String value = matcher.group(1) + "@" + matcher.group(2).toLowerCase(Locale.ROOT);
            out.add(Found.of(BuiltInEntity.EMAIL, value, matcher.start(), matcher.end()));
        }
    }
}
