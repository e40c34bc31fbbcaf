package io.parley.engine.turns;

import java.util.List;
import java.util.stream.Collectors;

import io.parley.avro.Block;
import io.parley.avro.BotMessage;
import io.parley.avro.BotReply;
import io.parley.avro.BotSaid;
import io.parley.avro.Command;
import io.parley.avro.ReplyStatus;

/** Pure builders of what a turn answers and records: refusals, TALKR's {@code bot_answer}, what the bot said. */
final class Replies {

    private Replies() {
    }

    /** The answer to a command that is refused: its status and why, and nothing the bot says. */
    static BotReply reject(Command command, ReplyStatus status, String reason) {
        return BotReply.newBuilder()
                .setSessionId(command.getSessionId())
                .setCommandId(command.getCommandId())
                .setReplyTo(command.getReplyTo())
                .setCompany(command.getCompany())
                .setBotId(command.getBotId())
                .setChannel(command.getChannel())
                .setRepliedAt(command.getIssuedAt())
                .setStatus(status)
                .setError(reason)
                .build();
    }

    /**
     * TALKR's {@code bot_answer}: everything the bot says in this answer, its messages in order joined
     * by a line break, so a client that shows only {@code bot_answer} shows the whole turn (a MESSAGE
     * block's answer and the QUESTION after it). While an answer is computed in the background it is
     * the waiting message; the final answer, pushed or polled, is what the bot says then.
     */
    static String botAnswer(List<BotMessage> messages) {
        return messages.stream().map(BotMessage::getContent).filter(content -> !content.isBlank())
                .collect(Collectors.joining("\n"));
    }

    /** What the bot said at a block; a handoff block's saying is marked so the log shows the user was handed over. */
    static BotSaid botSaid(Block block, List<BotMessage> messages) {
        return new BotSaid(block.getId(), messages, block.getHandoff());
    }
}
