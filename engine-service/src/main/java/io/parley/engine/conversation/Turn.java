package io.parley.engine.conversation;

import java.util.List;

import io.parley.avro.BotReply;
import io.parley.avro.ConversationEvent;
import io.parley.avro.SessionState;

/**
 * What the engine decided for one command.
 *
 * @param session the session after the turn, or null when the store is to be left as it was
 * @param events  what happened, in order, for the audit log
 * @param reply   the answer for the caller and the user's channel
 */
record Turn(SessionState session, List<ConversationEvent> events, BotReply reply) {
}
