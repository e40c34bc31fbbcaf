package io.parley.speech;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The voices {@code espeak-ng --voices} lists, and which one speaks a given locale. */
final class EspeakVoices {

    /** One voice: {@code file} names it unambiguously for {@code -v}; it speaks each tag at a priority. */
    record Voice(String file, String language, List<Tag> tags) {
    }

    /** A language tag a voice speaks; a lower priority number is preferred. */
    record Tag(String tag, int priority) {
    }

    // " 2  en-us           --/M      English_(America)  gmw/en-US            (en 3)"
    private static final Pattern LINE = Pattern.compile("^\\s*(\\d+)\\s+(\\S+)\\s+\\S+\\s+\\S+\\s+(\\S+)\\s*(.*)$");
    private static final Pattern OTHER_LANGUAGE = Pattern.compile("\\((\\S+)\\s+(\\d+)\\)");

    private final List<Voice> voices;

    private EspeakVoices(List<Voice> voices) {
        this.voices = List.copyOf(voices);
    }

    static EspeakVoices parse(String listing) {
        List<Voice> voices = new ArrayList<>();
        for (String line : listing.split("\\R")) {
            Matcher matcher = LINE.matcher(line);
            if (!matcher.matches()) {
                continue; // the header, blank lines
            }
            List<Tag> tags = new ArrayList<>();
            String language = matcher.group(2).toLowerCase(Locale.ROOT);
            tags.add(new Tag(language, Integer.parseInt(matcher.group(1))));
            Matcher other = OTHER_LANGUAGE.matcher(matcher.group(4));
            while (other.find()) {
                tags.add(new Tag(other.group(1).toLowerCase(Locale.ROOT), Integer.parseInt(other.group(2))));
            }
            voices.add(new Voice(matcher.group(3), language, tags));
        }
        return new EspeakVoices(voices);
    }

    List<Voice> all() {
        return voices;
    }

    /**
     * The voice for the locale's language and country if there is one (en-US: American), else the
     * preferred voice for its language (en-ZA: espeak-ng's default English, British).
     */
    Optional<Voice> voiceFor(Locale locale) {
        if (locale.getLanguage().isEmpty()) {
            return Optional.empty();
        }
        String language = locale.getLanguage().toLowerCase(Locale.ROOT);
        List<String> wanted = new ArrayList<>();
        if (!locale.getCountry().isEmpty()) {
            wanted.add(language + "-" + locale.getCountry().toLowerCase(Locale.ROOT));
        }
        wanted.add(language);
        for (String tag : wanted) {
            Voice best = null;
            int bestPriority = Integer.MAX_VALUE;
            for (Voice voice : voices) {
                for (Tag spoken : voice.tags()) {
                    if (spoken.tag().equals(tag) && spoken.priority() < bestPriority) {
                        best = voice;
                        bestPriority = spoken.priority();
                    }
                }
            }
            if (best != null) {
                return Optional.of(best);
            }
        }
        return Optional.empty();
    }
}
