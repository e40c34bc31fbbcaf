package io.parley.nlu.entities;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.parley.avro.EntityDefinition;
import io.parley.nlu.BoundedMatching;

/**
 * The bots' entity patterns, each run with bounded work ({@link BoundedMatching}): a pattern that
 * backtracks catastrophically stops, keeping what it found until then.
 */
final class BotPatterns {

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
            Matcher matcher = BoundedMatching.matcher(pattern.regex(), text);
            try {
                while (matcher.find()) {
                    if (matcher.end() > matcher.start()) {
                        out.add(new Found(pattern.entity(), matcher.group(), matcher.start(), matcher.end(),
                                EntityExtractor.PATTERN_EXTRACTOR));
                    }
                }
            } catch (BoundedMatching.TooManyReads | StackOverflowError e) {
                // This pattern is too costly on this text; the other patterns still run.
            }
        }
    }

    private record EntityPattern(String entity, Pattern regex) {
    }
}
