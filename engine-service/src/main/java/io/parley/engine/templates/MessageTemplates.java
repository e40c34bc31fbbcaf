package io.parley.engine.templates;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;

/**
 * Renders a block's messages with Mustache: {@code {{variable}}} substitutes a value as text, and
 * {@code {{#flag}}...{{/flag}}} shows a part when a flag is set. Logic-less on purpose: what a user
 * typed is only ever substituted, never evaluated.
 */
public final class MessageTemplates {

    private static final Mustache.Compiler STRICT = Mustache.compiler().escapeHTML(false).emptyStringIsFalse(true);
    private static final Mustache.Compiler LENIENT = STRICT.defaultValue("");

    private final Map<String, Template> strict = new ConcurrentHashMap<>();
    private final Map<String, Template> lenient = new ConcurrentHashMap<>();

    /** The text, and the fault when a variable was missing (rendered as empty text then). */
    public record Rendered(String text, Optional<String> missing) {
    }

    public Rendered render(String template, Map<String, Object> context) {
        try {
            return new Rendered(strict.computeIfAbsent(template, STRICT::compile).execute(context), Optional.empty());
        } catch (MustacheException.Context e) {
            String text = lenient.computeIfAbsent(template, LENIENT::compile).execute(context);
            return new Rendered(text, Optional.of("missing variable '" + e.key + "'"));
        }
    }
}
