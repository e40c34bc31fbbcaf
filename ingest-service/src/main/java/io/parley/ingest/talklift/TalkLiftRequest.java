package io.parley.ingest.talklift;

import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/** Reads the fields of a TalkLift JSON body, refusing a missing or mistyped one with the field's name, as the seed's API does. */
final class TalkLiftRequest {

    private TalkLiftRequest() {
    }

    static String required(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isString() && !value.stringValue().isBlank()) {
            return value.stringValue();
        }
        if (value.isIntegralNumber()) {
            return value.asString();
        }
        throw new TalkLiftException(HttpStatus.BAD_REQUEST, field + ": This field is required.");
    }

    static long number(JsonNode body, String field) {
        try {
            return Long.parseLong(required(body, field));
        } catch (NumberFormatException e) {
            throw new TalkLiftException(HttpStatus.BAD_REQUEST, field + ": A valid integer is required.");
        }
    }

    static boolean bool(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isMissingNode() || value.isNull()) {
            throw new TalkLiftException(HttpStatus.BAD_REQUEST, field + ": This field is required.");
        }
        throw new TalkLiftException(HttpStatus.BAD_REQUEST, field + ": Must be a valid boolean.");
    }

    /** A text field that may be absent or null. */
    static String optional(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (value.isString() || value.isNumber()) {
            return value.asString();
        }
        throw new TalkLiftException(HttpStatus.BAD_REQUEST, field + ": Not a valid string.");
    }
}
