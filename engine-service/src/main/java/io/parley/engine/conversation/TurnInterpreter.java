package io.parley.engine.conversation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.parley.avro.Block;
import io.parley.avro.BlockType;
import io.parley.avro.BotDefinition;
import io.parley.avro.BotMessage;
import io.parley.avro.BotReply;
import io.parley.avro.BotSaid;
import io.parley.avro.Channel;
import io.parley.avro.Command;
import io.parley.avro.CommandRejected;
import io.parley.avro.ConversationEvent;
import io.parley.avro.MessageType;
import io.parley.avro.ReplyStatus;
import io.parley.avro.RetryPrompt;
import io.parley.avro.SessionStarted;
import io.parley.avro.SessionState;
import io.parley.avro.StartConversation;
import io.parley.avro.Transition;
import io.parley.avro.UserMessage;
import io.parley.avro.UserSaid;

/**
 * Decides a turn from its inputs alone: the bot, the session and the command (whose timestamp is the
 * clock). No I/O, no wall clock, so replaying the commands yields the same events.
 */
final class TurnInterpreter {

    /** Bounds a chain of blocks that do not wait for the user, so a cycle in a bot cannot hang a thread. */
    private static final int MAX_BLOCKS_PER_TURN = 20;
    static final String BOT_ANSWER = "bot_answer";

    Turn start(BotDefinition bot, Command command, StartConversation start) {
        Instant now = command.getIssuedAt();
        SessionState session = SessionState.newBuilder()
                .setSessionId(command.getSessionId())
                .setCompany(bot.getCompany())
                .setBotId(bot.getBotId())
                .setChannel(command.getChannel())
                .setUserId(start.getUserId())
                .setLanguage(bot.getLanguage())
                .setBlockId(bot.getStartBlockId())
                .setVariables(new HashMap<>(bot.getVariables()))
                .setContext(new HashMap<>(start.getContext()))
                .setStartedAt(now)
                .setLastActivityAt(now)
                .build();
        Events events = new Events(command);
        events.add(new SessionStarted(command.getChannel(), start.getUserId(), bot.getLanguage()));
        return enter(bot, session, bot.getStartBlockId(), command, events);
    }

    Turn continueSession(BotDefinition bot, SessionState session, Command command, UserMessage message) {
        Events events = new Events(command);
        events.add(new UserSaid(message.getText(), message.getTracking(), message.getPayload()));
        session.setLastActivityAt(command.getIssuedAt());
        session.setTurns(session.getTurns() + 1);
        Map<String, String> context = new HashMap<>(session.getContext());
        context.putAll(message.getContext());
        session.setContext(context);
        Block current = block(bot, session.getBlockId()).orElse(null);
        if (current == null) {
            // The bot was republished without this block: start over rather than strand the user.
            return enter(bot, session, bot.getStartBlockId(), command, events);
        }
        Optional<String> target = current.getTransitions().stream()
                .filter(transition -> matches(transition, message))
                .map(Transition::getTarget)
                .findFirst();
        if (target.isPresent()) {
            return enter(bot, session, target.get(), command, events);
        }
        if (session.getRetriesLeft() > 0) {
            session.setRetriesLeft(session.getRetriesLeft() - 1);
            String prompt = Optional.ofNullable(current.getRetryPrompt()).orElse("");
            List<BotMessage> messages = List.of(new BotMessage(MessageType.TEXT, prompt, List.of()));
            events.add(new BotSaid(current.getId(), messages));
            return new Turn(session, events.list(), reply(bot, session, command, messages, current));
        }
        String fallback = Optional.ofNullable(bot.getFallbackBlockId()).orElse(current.getId());
        return enter(bot, session, fallback, command, events);
    }

    Turn reject(Command command, ReplyStatus status, String reason) {
        Events events = new Events(command);
        events.add(new CommandRejected(status, reason));
        BotReply reply = BotReply.newBuilder()
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
        return new Turn(null, events.list(), reply);
    }

    /** Moves to {@code blockId} and on through blocks that do not wait, collecting what they say. */
    private Turn enter(BotDefinition bot, SessionState session, String blockId, Command command, Events events) {
        List<BotMessage> messages = new ArrayList<>();
        Block block = null;
        String next = blockId;
        for (int hops = 0; next != null && hops < MAX_BLOCKS_PER_TURN; hops++) {
            String id = next;
            block = block(bot, id).orElseThrow(() -> new IllegalStateException("bot has no block " + id));
            for (String text : block.getMessages()) {
                messages.add(new BotMessage(MessageType.TEXT, text, block.getButtons()));
            }
            next = block.getType() == BlockType.MESSAGE ? block.getNext() : null;
        }
        session.setBlockId(block.getId());
        session.setRetriesLeft(block.getMaxRetries());
        session.setEnded(block.getType() == BlockType.END || block.getType() == BlockType.HANGUP);
        events.add(new BotSaid(block.getId(), messages));
        return new Turn(session, events.list(), reply(bot, session, command, messages, block));
    }

    private BotReply reply(BotDefinition bot, SessionState session, Command command, List<BotMessage> messages,
                           Block block) {
        Map<String, String> variables = new HashMap<>(session.getVariables());
        if (!messages.isEmpty()) {
            variables.put(BOT_ANSWER, messages.get(messages.size() - 1).getContent());
        }
        session.setVariables(variables);
        RetryPrompt prompt = new RetryPrompt(MessageType.CUSTOM,
                Optional.ofNullable(block.getRetryPrompt()).orElse(""), block.getId());
        return BotReply.newBuilder()
                .setSessionId(session.getSessionId())
                .setCommandId(command.getCommandId())
                .setReplyTo(command.getReplyTo())
                .setCompany(bot.getCompany())
                .setBotId(bot.getBotId())
                .setChannel(session.getChannel())
                .setRepliedAt(command.getIssuedAt())
                .setStatus(ReplyStatus.OK)
                .setBotName(bot.getName())
                .setLanguage(session.getLanguage())
                .setTracking(block.getId())
                .setMessages(messages)
                .setRetryPrompts(List.of(prompt))
                .setVariables(variables)
                .setSpeech(session.getChannel() == Channel.TELEPHONY ? bot.getTelephony() : null)
                .setEnded(session.getEnded())
                .build();
    }

    private static boolean matches(Transition transition, UserMessage message) {
        String text = message.getText();
        String value = transition.getValue();
        return switch (transition.getOn()) {
            case ANY -> true;
            case PAYLOAD -> value != null && (value.equals(message.getPayload()) || value.equals(text));
            case KEYWORD -> value != null && Pattern.compile("\\b" + Pattern.quote(value.toLowerCase(Locale.ROOT)) + "\\b")
                    .matcher(text.toLowerCase(Locale.ROOT)).find();
            case PATTERN -> value != null && Pattern.compile(value, Pattern.CASE_INSENSITIVE).matcher(text).find();
            // Intents need the classifier, which the NLU feature brings.
            case INTENT, UNKNOWN -> false;
        };
    }

    private static Optional<Block> block(BotDefinition bot, String id) {
        return bot.getBlocks().stream().filter(block -> block.getId().equals(id)).findFirst();
    }

    /** Events of one turn, with ids derived from the command so a replay yields the same ids. */
    private static final class Events {
        private final Command command;
        private final List<ConversationEvent> list = new ArrayList<>();

        Events(Command command) {
            this.command = command;
        }

        void add(Object payload) {
            list.add(ConversationEvent.newBuilder()
                    .setEventId(command.getCommandId() + "/" + list.size())
                    .setSessionId(command.getSessionId())
                    .setCompany(command.getCompany())
                    .setBotId(command.getBotId())
                    .setOccurredAt(command.getIssuedAt())
                    .setCausationId(command.getCommandId())
                    .setPayload(payload)
                    .build());
        }

        List<ConversationEvent> list() {
            return List.copyOf(list);
        }
    }
}
