package io.parley.engine.turns;

import java.util.ArrayList;
import java.util.List;

import io.parley.avro.AiAnswerReady;
import io.parley.avro.BotDefinition;
import io.parley.avro.Command;
import io.parley.avro.DocumentMessage;
import io.parley.avro.DocumentTextReady;
import io.parley.avro.ExpireSession;
import io.parley.avro.ReplyStatus;
import io.parley.avro.SendMessage;
import io.parley.avro.SessionState;
import io.parley.avro.SlotFeedback;
import io.parley.avro.SlotFilling;
import io.parley.avro.StartConversation;
import io.parley.avro.UserMessage;
import io.parley.avro.WebhookFailed;

/**
 * The engine's decision core: a turn from the bot, the session, its module state and the command, with
 * no store, no broker and no wall clock (the command's {@code issuedAt} is the clock), so a test calls
 * it directly and a replay of the log decides the same turns. The session and filling given are
 * updated in place, as read fresh from the stores for this one turn.
 */
public final class Decisions {

    /**
     * Commands of a session recognised when delivered again. Redeliveries come within seconds or
     * minutes (Messenger's retries, a restarted service's), while a session takes a few commands a minute.
     */
    static final int RECENT_COMMANDS = 32;

    /** Holds the bots' decoded models: one per stream thread, as the processor that owns it. */
    private final TurnInterpreter interpreter = new TurnInterpreter();

    /**
     * @param bot     the bot as published, or null when the company has no such bot
     * @param session the session as stored, or null when there is none
     * @param filling the session's module state as stored, or null when there is none
     */
    public Turn decide(BotDefinition bot, SessionState session, SlotFilling filling, Command command) {
        Turn turn = choose(bot, session, filling, command);
        if (!turn.removed() && turn.session() != null) {
            remember(turn.session(), command.getCommandId());
        }
        return turn;
    }

    /** The caller learns at once that the turn failed; retrying is safe since nothing was stored. */
    public Turn failed(Command command) {
        return interpreter.rejected(command, ReplyStatus.SERVER_ERROR, "the engine could not process this turn; retrying is safe");
    }

    /** Where a call's answers go (a telephony server's callback URL), as the session keeps it; null for others. */
    public static String callbackUrl(SessionState session) {
        return session.getContext().get(TurnInterpreter.CALLBACK_URL);
    }

    private Turn choose(BotDefinition bot, SessionState session, SlotFilling filling, Command command) {
        Object payload = command.getPayload();
        if (payload instanceof ExpireSession expiry) {
            return session == null || bot == null ? Turn.unchanged(List.of(), null)
                    : interpreter.expire(bot, session, command, expiry);
        }
        if (bot == null) {
            return interpreter.rejected(command, ReplyStatus.BOT_NOT_FOUND,
                    "no bot " + command.getBotId() + " in company " + command.getCompany());
        }
        if (session != null && !belongsTo(session, command)) {
            // Another bot's, or another door's, session: as if it did not exist, and it does not move.
            return interpreter.rejected(command, ReplyStatus.SESSION_NOT_FOUND,
                    TurnInterpreter.UNKNOWN_SESSION.formatted(command.getSessionId()));
        }
        if (session != null && session.getRecentCommands().contains(command.getCommandId())) {
            // A redelivery (Messenger's, a producer's, a service's after a crash): never applied twice.
            return interpreter.redelivered(session, command);
        }
        if (payload instanceof StartConversation start) {
            boolean open = start.getResumeIfOpen() && session != null && !session.getEnded()
                    && !TurnInterpreter.isIdlePastTimeout(bot, session, command.getIssuedAt());
            return open ? interpreter.resume(bot, session, command, start) : interpreter.start(bot, command, start);
        }
        if (payload instanceof UserMessage message && message.getStartIfMissing() && (session == null || session.getEnded()
                || TurnInterpreter.isIdlePastTimeout(bot, session, command.getIssuedAt()))) {
            // On a channel without an explicit start, a message with no open conversation opens a new one.
            return interpreter.startOnMessage(bot, session, command, message);
        }
        if (session == null) {
            // A result of background work for a session that is gone is dropped; a caller learns the session is unknown.
            boolean background = payload instanceof AiAnswerReady || payload instanceof DocumentTextReady
                    || payload instanceof WebhookFailed;
            return background ? Turn.unchanged(List.of(), null) : interpreter.rejected(command, ReplyStatus.SESSION_NOT_FOUND,
                    TurnInterpreter.UNKNOWN_SESSION.formatted(command.getSessionId()));
        }
        if (payload instanceof AiAnswerReady answer) {
            return interpreter.aiAnswered(bot, session, command, answer);
        }
        if (payload instanceof DocumentMessage document) {
            return interpreter.document(bot, session, command, document);
        }
        if (payload instanceof DocumentTextReady ready) {
            return interpreter.documentRead(bot, session, filling, command, ready);
        }
        if (payload instanceof SlotFeedback feedback) {
            return interpreter.slotFeedback(bot, session, filling, command, feedback);
        }
        if (payload instanceof WebhookFailed failure) {
            return interpreter.webhookFailed(bot, session, filling, command, failure);
        }
        if (payload instanceof SendMessage message) {
            return interpreter.sent(bot, session, command, message);
        }
        if (payload instanceof UserMessage message) {
            return interpreter.continueSession(bot, session, filling, command, message);
        }
        return interpreter.rejected(command, ReplyStatus.INVALID_REQUEST,
                "unsupported command " + payload.getClass().getSimpleName());
    }

    /**
     * A session belongs to its bot, and a user's turn must come through the door (dialect and channel)
     * the session was opened on. Background results (AI answers, document texts, webhook verdicts,
     * customers' messages) come from Parley's own services, for the session's bot.
     */
    private static boolean belongsTo(SessionState session, Command command) {
        Object payload = command.getPayload();
        boolean usersTurn = payload instanceof UserMessage || payload instanceof DocumentMessage
                || payload instanceof StartConversation;
        return session.getCompany().equals(command.getCompany()) && session.getBotId() == command.getBotId()
                && (!usersTurn || session.getChannel() == command.getChannel());
    }

    /** Keeps the command's id among the session's latest, so a redelivery of it is known. */
    private static void remember(SessionState session, String commandId) {
        List<String> recent = session.getRecentCommands();
        if (recent.contains(commandId)) {
            return;
        }
        List<String> kept = new ArrayList<>(recent.subList(Math.max(0, recent.size() - RECENT_COMMANDS + 1), recent.size()));
        kept.add(commandId);
        session.setRecentCommands(kept);
    }
}
