package io.parley.nlu.entities;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Web addresses: http(s) URLs and bare "www." hosts, as written, without the sentence's punctuation
 * that follows them. A bare host is given an https scheme. The domain of an e-mail is not a URL.
 */
final class Urls {

    private static final Pattern URL = Pattern.compile(
            "(?<![\\p{L}\\p{N}@._%+/:-])(?:(?i:https?://)[^\\s<>\"]++|(?i:www\\.)[\\p{L}\\p{N}-]++\\.[^\\s<>\"]++)");
    private static final String TRAILING_PUNCTUATION = ".,;:!?'\"";
    private static final String OPENING = "([{";
    private static final String CLOSING = ")]}";

    private Urls() {
    }

    static void find(String text, List<Found> out) {
        Matcher matcher = URL.matcher(text);
        while (matcher.find()) {
            int end = withoutTrailingPunctuation(text, matcher.start(), matcher.end());
            String url = text.substring(matcher.start(), end);
            if (hasHost(url)) {
                String value = url.regionMatches(true, 0, "www.", 0, 4) ? "https://" + url : url;
                out.add(Found.of(BuiltInEntity.URL, value, matcher.start(), end));
            }
        }
    }

    /** Ends before punctuation, and before closing brackets the URL did not open: "(see http://a.b/c_(d))." */
    private static int withoutTrailingPunctuation(String text, int start, int end) {
        int[] unclosed = new int[OPENING.length()];
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (OPENING.indexOf(c) >= 0) {
                unclosed[OPENING.indexOf(c)]++;
            } else if (CLOSING.indexOf(c) >= 0) {
                unclosed[CLOSING.indexOf(c)]--;
            }
        }
        while (end > start) {
            char last = text.charAt(end - 1);
            int bracket = CLOSING.indexOf(last);
            if (bracket >= 0 && unclosed[bracket] < 0) {
                unclosed[bracket]++;
            } else if (TRAILING_PUNCTUATION.indexOf(last) < 0) {
                break;
            }
            end--;
        }
        return end;
    }

    /** "http://" alone, or a host without a dot after "www.", is not an address. */
    private static boolean hasHost(String url) {
        int scheme = url.indexOf("://");
        int hostStart = scheme >= 0 ? scheme + 3 : "www.".length();
        int hostEnd = hostStart;
        while (hostEnd < url.length()
                && (Character.isLetterOrDigit(url.charAt(hostEnd)) || url.charAt(hostEnd) == '-' || url.charAt(hostEnd) == '.')) {
            hostEnd++;
        }
        String host = url.substring(hostStart, hostEnd);
        return host.indexOf('.') > 0 && !host.endsWith(".") || scheme >= 0 && host.equalsIgnoreCase("localhost");
    }
}
