package io.parley.audit;

import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import io.parley.avro.ConversationEvent;
import io.parley.topics.PlainJson;

/**
 * An event as plain JSON an auditor's tools read: the envelope's fields, {@code kind} (the payload's
 * type, e.g. {@code UserSaid}) and the payload's fields; times as ISO-8601, enums as their names.
 */
public final class EventJson {

    /** The fields of every exported event, in order. */
    public static final List<String> ENVELOPE = List.of("eventId", "sessionId", "company", "botId", "botVersion", "occurredAt",
            "causationId", "kind", "payload");

    private EventJson() {
    }

    public static Map<String, Object> of(ConversationEvent event) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("eventId", event.getEventId());
        json.put("sessionId", event.getSessionId());
        json.put("company", event.getCompany());
        json.put("botId", event.getBotId());
        json.put("botVersion", event.getBotVersion());
        json.put("occurredAt", event.getOccurredAt().toString());
        json.put("causationId", event.getCausationId());
        json.put("kind", event.getPayload().getClass().getSimpleName());
        json.put("payload", PlainJson.of(event.getPayload()));
        return json;
    }

    /**
     * An event a re-run decided, never one of live traffic: {@code origin} ({@code replay} or
     * {@code what-if}) comes first so analytics and auditors cannot mistake it for the log's.
     */
    public static Map<String, Object> marked(ConversationEvent event, String origin) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("origin", origin);
        json.putAll(of(event));
        return json;
    }
}
