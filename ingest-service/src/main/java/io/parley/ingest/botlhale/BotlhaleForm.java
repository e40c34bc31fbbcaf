package io.parley.ingest.botlhale;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * The fields of a Botlhale request, sent as {@code multipart/form-data} or
 * {@code application/x-www-form-urlencoded}. Field names are read with surrounding spaces removed:
 * Botlhale's own examples send {@code 'bot_id '} and {@code "language_code "}, and a client copied from
 * them must work. {@code BotID}, which the start examples send, is read as {@code bot_id}.
 */
final class BotlhaleForm {

    private static final Map<String, String> ALIASES = Map.of("BotID", "bot_id");

    private final Map<String, String> fields;
    private final Map<String, MultipartFile> files;

    private BotlhaleForm(Map<String, String> fields, Map<String, MultipartFile> files) {
        this.fields = fields;
        this.files = files;
    }

    static BotlhaleForm of(HttpServletRequest request) {
        Map<String, String> fields = new HashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            String key = canonical(name);
            if (values.length > 0 && !fields.containsKey(key)) {
                fields.put(key, values[0]);
            }
        });
        Map<String, MultipartFile> files = new HashMap<>();
        if (request instanceof MultipartHttpServletRequest multipart) {
            multipart.getMultiFileMap().forEach((name, parts) -> {
                if (!parts.isEmpty()) {
                    files.putIfAbsent(canonical(name), parts.get(0));
                }
            });
        }
        return new BotlhaleForm(fields, files);
    }

    private static String canonical(String name) {
        String stripped = name.strip();
        return ALIASES.getOrDefault(stripped, stripped);
    }

    /** The field's value, blank values counting as absent. */
    Optional<String> optional(String name) {
        return Optional.ofNullable(fields.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    String required(String name) {
        return optional(name).orElseThrow(() -> new BotlhaleException(HttpStatus.BAD_REQUEST, name + " is required"));
    }

    /** A required field that must be one of {@code allowed}; {@code fallback} when absent. */
    String oneOf(String name, List<String> allowed, String fallback) {
        String value = optional(name).orElse(fallback).toLowerCase(java.util.Locale.ROOT);
        if (!allowed.contains(value)) {
            throw new BotlhaleException(HttpStatus.BAD_REQUEST,
                    name + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
        }
        return value;
    }

    Optional<MultipartFile> file(String name) {
        return Optional.ofNullable(files.get(name)).filter(file -> !file.isEmpty());
    }
}
