package io.parley.ingest.talkr;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Map;

import io.parley.ingest.TextLimit;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A TALKR request body: empty (or {@code {}}, or {@code []}) starts a conversation; otherwise a turn with
 * {@code message}, {@code session}, {@code tracking} and {@code variables.userresponse}.
 */
sealed interface TalkrRequest {

    /** Context key of the URL a telephony server asks later messages to be posted to. */
    String CALLBACK_URL = "callbackUrl";

    /** The initial call. */
    record Start(Map<String, String> context) implements TalkrRequest {
    }

    /** A user's turn in an open session. */
    record Turn(String message, String session, String tracking, Map<String, String> variables,
                Map<String, String> context) implements TalkrRequest {
    }

    static TalkrRequest parse(byte[] body, JsonMapper json) {
        if (body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return new Start(Map.of());
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw new TalkrException(HttpStatus.BAD_REQUEST, "malformed JSON" + where);
        }
        if (root != null && root.isArray() && root.isEmpty()) {
            // PHP's json_encode([]) is "[]": the seed's own PHP client starts a conversation with it.
            return new Start(Map.of());
        }
        if (root == null || !root.isObject()) {
            throw new TalkrException(HttpStatus.BAD_REQUEST, "the body must be a JSON object");
        }
        Map<String, String> context = new HashMap<>();
        optionalString(root, "currentUrl").ifPresent(url -> context.put("currentUrl", url));
        boolean isStart = !root.has("message") && !root.has("session") && !root.has("tracking") && !root.has("variables");
        if (isStart) {
            // Telephony servers may name where later messages (an AI answer, say) are to be posted. Only a
            // call's start may: a later turn that could redirect the call's answers would hand them to
            // whoever knows the session id.
            optionalString(root, CALLBACK_URL).ifPresent(url -> context.put(CALLBACK_URL, checkedCallback(url)));
            return new Start(context);
        }
        String message = requiredString(root, "message");
        String session = requiredString(root, "session");
        String tracking = requiredString(root, "tracking");
        JsonNode variables = root.get("variables");
        if (variables == null || variables.isNull()) {
            throw new TalkrException(HttpStatus.BAD_REQUEST, "variables is required (an object holding userresponse)", session);
        }
        if (!variables.isObject()) {
            throw new TalkrException(HttpStatus.BAD_REQUEST, "variables must be an object", session);
        }
        requiredString(variables, "userresponse", "variables.userresponse", session);
        Map<String, String> vars = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : variables.properties()) {
            JsonNode value = entry.getValue();
            if (value.isValueNode() && !value.isNull()) {
                vars.put(entry.getKey(), value.asString());
                TextLimit.fault("variables." + entry.getKey(), value.asString()).ifPresent(fault -> {
                    throw new TalkrException(HttpStatus.BAD_REQUEST, fault, session);
                });
            }
        }
        TextLimit.fault("message", message).ifPresent(fault -> {
            throw new TalkrException(HttpStatus.BAD_REQUEST, fault, session);
        });
        return new Turn(message, session, tracking, vars, context);
    }

    private static String checkedCallback(String url) {
        try {
            URI parsed = new URI(url);
            String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(java.util.Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && parsed.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // answered below
        }
        throw new TalkrException(HttpStatus.BAD_REQUEST, CALLBACK_URL + " must be an absolute http or https URL");
    }

    private static String requiredString(JsonNode node, String field) {
        return requiredString(node, field, field, null);
    }

    private static String requiredString(JsonNode node, String field, String path, String session) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new TalkrException(HttpStatus.BAD_REQUEST, path + " is required", session);
        }
        if (!value.isString()) {
            throw new TalkrException(HttpStatus.BAD_REQUEST, path + " must be a string", session);
        }
        return value.stringValue();
    }

    private static java.util.Optional<String> optionalString(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return java.util.Optional.empty();
        }
        if (!value.isString()) {
            throw new TalkrException(HttpStatus.BAD_REQUEST, field + " must be a string");
        }
        return java.util.Optional.of(value.stringValue());
    }
}
