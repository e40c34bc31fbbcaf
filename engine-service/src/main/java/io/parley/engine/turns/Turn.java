package io.parley.engine.turns;

import java.util.List;

import io.parley.avro.AiRequest;
import io.parley.avro.BotReply;
import io.parley.avro.ConversationEvent;
import io.parley.avro.DocumentRequest;
import io.parley.avro.SessionState;
import io.parley.avro.SlotFilling;
import io.parley.avro.WebhookRequest;

/**
 * What the engine decided for one command.
 *
 * @param session the session after the turn, or null when the store is to be left as it was
 * @param removed the session is closed and leaves the store
 * @param events  what happened, in order, for the audit log
 * @param reply   the answer for the caller and the user's channel, or null when nobody waits for one
 * @param ai      an answer to fetch from the bot's AI endpoint, or null
 * @param filling the session's module state after the turn, or null when it did not change
 * @param webhook a call to make to the customer's webhook, or null
 * @param document a document to fetch and read, or null
 */
public record Turn(SessionState session, boolean removed, List<ConversationEvent> events, BotReply reply, AiRequest ai,
            SlotFilling filling, WebhookRequest webhook, DocumentRequest document) {

    static Turn updated(SessionState session, List<ConversationEvent> events, BotReply reply) {
        return new Turn(session, false, events, reply, null, null, null, null);
    }

    static Turn unchanged(List<ConversationEvent> events, BotReply reply) {
        return new Turn(null, false, events, reply, null, null, null, null);
    }

    static Turn closed(List<ConversationEvent> events, BotReply reply) {
        return new Turn(null, true, events, reply, null, null, null, null);
    }

    Turn withAi(AiRequest request) {
        return new Turn(session, removed, events, reply, request, filling, webhook, document);
    }

    Turn withReply(BotReply newReply) {
        return new Turn(session, removed, events, newReply, ai, filling, webhook, document);
    }

    /** Adds a module step's state and webhook; a module started later in the same turn keeps its own state. */
    Turn withSlots(SlotFilling changed, WebhookRequest call) {
        return new Turn(session, removed, events, reply, ai, filling == null ? changed : filling,
                webhook == null ? call : webhook, document);
    }

    Turn withDocument(DocumentRequest request) {
        return new Turn(session, removed, events, reply, ai, filling, webhook, request);
    }
}
