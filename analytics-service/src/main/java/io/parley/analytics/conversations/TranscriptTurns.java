package io.parley.analytics.conversations;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.parley.avro.BotMessage;
import io.parley.avro.BotSaid;
import io.parley.avro.ConversationEvent;
import io.parley.avro.DeliveryReceipt;
import io.parley.avro.DocumentRequested;
import io.parley.avro.EntitiesExtracted;
import io.parley.avro.IntentRecognised;
import io.parley.avro.ModuleCompleted;
import io.parley.avro.SlotValidationRequested;
import io.parley.avro.UserSaid;
import io.parley.topics.PlainJson;

/**
 * A transcript as a person reads it: one entry per command that moved the conversation (a user's
 * turn, a start, an expiry, a background answer), with what was said, what the bot understood (intent,
 * confidence, entities), the blocks it went to, every other event it caused (slots, modules, webhook
 * calls) and the receipts of the pushes and calls it made. Pure.
 */
public final class TranscriptTurns {

    private TranscriptTurns() {
    }

    public static List<Map<String, Object>> of(List<ConversationEvent> events, List<DeliveryReceipt> receipts) {
        Map<String, Map<String, Object>> byCause = new LinkedHashMap<>();
        // Receipts name what they deliver: a reply's command id, an AI or document request id, a webhook key.
        Map<String, Map<String, Object>> byReference = new HashMap<>();
        int expiries = 0;
        for (ConversationEvent event : events) {
            String cause = event.getCausationId() != null ? event.getCausationId() : "expiry-" + expiries++;
            Map<String, Object> turn = byCause.computeIfAbsent(cause, key -> newTurn(key, event));
            byReference.putIfAbsent(cause, turn);
            Object payload = event.getPayload();
            if (payload instanceof UserSaid said) {
                turn.put("userText", said.getText());
                turn.put("buttonPayload", said.getPayload());
            } else if (payload instanceof IntentRecognised recognised) {
                turn.put("intent", recognised.getIntent());
                turn.put("confidence", recognised.getConfidence());
                turn.put("fallback", recognised.getFallback() == null ? null : recognised.getFallback().name());
            } else if (payload instanceof EntitiesExtracted extracted) {
                turn.put("entities", PlainJson.of(extracted.getEntities()));
            } else if (payload instanceof BotSaid said) {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("blockId", said.getBlockId());
                answer.put("handoff", said.getHandoff());
                answer.put("texts", said.getMessages().stream().map(BotMessage::getContent).filter(Objects::nonNull).toList());
                list(turn, "botSaid").add(answer);
            } else {
                list(turn, "events").add(Map.of("kind", payload.getClass().getSimpleName(), "payload", PlainJson.of(payload)));
                String reference = reference(payload);
                if (reference != null) {
                    byReference.put(reference, turn);
                }
            }
        }
        List<Map<String, Object>> unmatched = new ArrayList<>();
        for (DeliveryReceipt receipt : receipts) {
            Map<String, Object> json = PlainJson.of(receipt);
            Map<String, Object> turn = byReference.get(receipt.getReference());
            if (turn != null) {
                list(turn, "receipts").add(json);
            } else {
                unmatched.add(json);
            }
        }
        List<Map<String, Object>> turns = new ArrayList<>(byCause.values());
        if (!unmatched.isEmpty()) {
            Map<String, Object> rest = new LinkedHashMap<>();
            rest.put("commandId", null);
            rest.put("receipts", unmatched);
            turns.add(rest);
        }
        return turns;
    }

    private static Map<String, Object> newTurn(String cause, ConversationEvent first) {
        Map<String, Object> turn = new LinkedHashMap<>();
        turn.put("commandId", cause.startsWith("expiry-") ? null : cause);
        turn.put("at", first.getOccurredAt().toString());
        turn.put("botVersion", first.getBotVersion());
        return turn;
    }

    /** The outside call an event asks for, named as its receipt will name it. */
    private static String reference(Object payload) {
        if (payload instanceof SlotValidationRequested requested) {
            return requested.getIdempotencyKey();
        }
        if (payload instanceof ModuleCompleted completed) {
            return completed.getIdempotencyKey();
        }
        if (payload instanceof DocumentRequested requested) {
            return requested.getRequestId();
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> turn, String name) {
        return (List<Object>) turn.computeIfAbsent(name, key -> new ArrayList<>());
    }
}
