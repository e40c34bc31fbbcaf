package io.parley.engine.turns;

import static io.parley.engine.turns.ConversationTree.block;
import static io.parley.engine.turns.ConversationTree.currentOrStart;
import static io.parley.engine.turns.ConversationTree.matches;
import static io.parley.engine.turns.ConversationTree.messages;
import static io.parley.engine.turns.ConversationTree.retryPrompt;
import static io.parley.engine.turns.Replies.botAnswer;
import static io.parley.engine.turns.Replies.botSaid;
import static io.parley.engine.turns.Replies.reject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

import io.parley.avro.AiAnswerReady;
import io.parley.avro.AiRequest;
import io.parley.avro.AiSettings;
import io.parley.avro.Block;
import io.parley.avro.BlockType;
import io.parley.avro.BotDefinition;
import io.parley.avro.BotMessage;
import io.parley.avro.BotReply;
import io.parley.avro.Channel;
import io.parley.avro.ChatMessage;
import io.parley.avro.Command;
import io.parley.avro.CommandRejected;
import io.parley.avro.DocumentMessage;
import io.parley.avro.DocumentRead;
import io.parley.avro.DocumentRequest;
import io.parley.avro.DocumentRequested;
import io.parley.avro.DocumentTextReady;
import io.parley.avro.EntitiesExtracted;
import io.parley.avro.Entity;
import io.parley.avro.ExpireSession;
import io.parley.avro.IntentRecognised;
import io.parley.avro.IntentScore;
import io.parley.avro.Language;
import io.parley.avro.LastTurn;
import io.parley.avro.MessageType;
import io.parley.avro.ReplyStatus;
import io.parley.avro.RetryPrompt;
import io.parley.avro.SessionExpired;
import io.parley.avro.SessionResumed;
import io.parley.avro.SessionStarted;
import io.parley.avro.SendMessage;
import io.parley.avro.SessionState;
import io.parley.avro.SlotFeedback;
import io.parley.avro.SlotFilling;
import io.parley.avro.StartConversation;
import io.parley.avro.Transition;
import io.parley.avro.Translation;
import io.parley.avro.TurnRepeated;
import io.parley.avro.UserMessage;
import io.parley.avro.UserSaid;
import io.parley.avro.WebhookFailed;
import io.parley.engine.nlu.EntityModels;
import io.parley.engine.nlu.IntentModels;
import io.parley.engine.slots.SlotFiller;
import io.parley.engine.templates.BuiltInVariables;
import io.parley.engine.templates.MessageTemplates;
import io.parley.nlu.BotLanguages;
import io.parley.nlu.intents.IntentDecision;

/**
 * Decides a turn from its inputs alone: the bot, the session and the command, whose timestamp is the
 * clock. No I/O and no wall clock, so replaying the commands yields the same events.
 */
final class TurnInterpreter {

    /** Bounds a chain of blocks that do not wait, so a cycle in a bot cannot hang a stream thread. */
    private static final int MAX_BLOCKS_PER_TURN = 20;
    static final String BOT_ANSWER = "bot_answer";
    static final String ERROR = "error";
    static final String USER_RESPONSE = "userresponse";
    static final String MODEL = "model";
    /** Context key of the URL a telephony server asked later messages to be posted to. */
    static final String CALLBACK_URL = "callbackUrl";
    static final String EXPIRED = "session %s has expired after %d s without activity; start a new conversation";
    static final String UNKNOWN_SESSION = "session %s is unknown or has expired; start a new conversation";
    /** The intent a reply names when no intent was acted on (below the bot's threshold, or ambiguous). */
    static final String BELOW_THRESHOLD = "nlu_fallback";
    static final String ENDED = "the conversation in session %s has ended; start a new conversation";

    private final IntentModels intents = new IntentModels();
    private final EntityModels entities = new EntityModels();
    private final MessageTemplates templates = new MessageTemplates();
    private final SlotFiller slots = new SlotFiller();

    Turn start(BotDefinition bot, Command command, StartConversation start) {
        return start(bot, command, start, new Events(command));
    }

    /**
     * A message on a channel without an explicit start (Messenger) when there is no open conversation
     * (none yet, or the last one ended or idled past its timeout): a new conversation starts with the
     * welcome, and the message is answered in it when it leads somewhere from the start block.
     */
    Turn startOnMessage(BotDefinition bot, SessionState previous, Command command, UserMessage message) {
        Events events = new Events(command);
        if (previous != null && !previous.getEnded()) {
            events.add(new SessionExpired(previous.getLastActivityAt()));
        }
        Turn started = start(bot, command, StartConversation.newBuilder()
                .setUserId(message.getUserId()).setContext(message.getContext()).build(), events);
        SessionState session = started.session();
        if (session.getEnded() || !session.getBlockId().equals(bot.getStartBlockId()) || started.filling() != null
                || started.ai() != null) {
            return started;
        }
        Block welcome = currentOrStart(bot, session);
        Understanding understood = understand(bot, session, message, command);
        Optional<String> intent = understood.decision().intent();
        Optional<String> target = welcome.getTransitions().stream().filter(transition -> matches(transition, message, intent))
                .map(Transition::getTarget).findFirst();
        if (target.isEmpty() || target.get().equals(welcome.getId())) {
            // Nothing to answer, or a greeting the welcome has answered already.
            return started;
        }
        Turn answered = continueSession(bot, session, null, command, message, events);
        if (answered.reply() == null) {
            return started;
        }
        List<BotMessage> both = new ArrayList<>(started.reply().getMessages());
        both.addAll(answered.reply().getMessages());
        Map<String, String> variables = new HashMap<>(answered.reply().getVariables());
        variables.put(BOT_ANSWER, botAnswer(both));
        return answered.withReply(BotReply.newBuilder(answered.reply()).setMessages(both).setVariables(variables).build());
    }

    private Turn start(BotDefinition bot, Command command, StartConversation start, Events events) {
        Instant now = command.getIssuedAt();
        Map<String, String> variables = new HashMap<>(bot.getVariables());
        Language language = BotLanguages.resolve(bot, start.getLanguageCode()).orElse(bot.getLanguage());
        SessionState session = SessionState.newBuilder()
                .setSessionId(command.getSessionId())
                .setCompany(bot.getCompany())
                .setBotId(bot.getBotId())
                .setChannel(command.getChannel())
                .setUserId(start.getUserId())
                .setLanguage(language)
                .setBlockId(bot.getStartBlockId())
                .setVariables(variables)
                .setContext(new HashMap<>(start.getContext()))
                .setStartedAt(now)
                .setLastActivityAt(now)
                .build();
        events.add(new SessionStarted(command.getChannel(), start.getUserId(), language));
        TurnContext context = new TurnContext(bot, session, command, events, Map.of());
        return enter(context, bot.getStartBlockId(), List.of(), List.of());
    }

    /** A start for a session that is still open: it goes on where it is, in the language now asked for. */
    Turn resume(BotDefinition bot, SessionState session, Command command, StartConversation start) {
        BotLanguages.resolve(bot, start.getLanguageCode()).ifPresent(session::setLanguage);
        session.setLastActivityAt(command.getIssuedAt());
        Events events = new Events(command);
        events.add(new SessionResumed(session.getLanguage()));
        Block current = currentOrStart(bot, session);
        TurnContext context = new TurnContext(bot, session, command, events, Map.of());
        return Turn.updated(session, events.list(),
                reply(context, List.of(), current, variables(bot, session, command), Map.of()));
    }

    Turn continueSession(BotDefinition bot, SessionState session, SlotFilling filling, Command command, UserMessage message) {
        return continueSession(bot, session, filling, command, message, new Events(command));
    }

    private Turn continueSession(BotDefinition bot, SessionState session, SlotFilling filling, Command command,
                                 UserMessage message, Events events) {
        if (isIdlePastTimeout(bot, session, command.getIssuedAt())) {
            return expired(bot, session, command, events);
        }
        if (isRetryOfLastTurn(session, bot, filling, message)) {
            // The client did not get (or did not keep) our answer, e.g. after a timeout: same answer, no move.
            events.add(new TurnRepeated(message.getTracking()));
            BotReply again = BotReply.newBuilder(session.getLastTurn().getReply())
                    .setCommandId(command.getCommandId())
                    .setReplyTo(command.getReplyTo())
                    .setRepliedAt(command.getIssuedAt())
                    .build();
            session.setLastActivityAt(command.getIssuedAt());
            return Turn.updated(session, events.list(), again);
        }
        if (session.getEnded()) {
            return rejected(command, ReplyStatus.SESSION_NOT_FOUND, ENDED.formatted(session.getSessionId()));
        }
        BotLanguages.resolve(bot, message.getLanguageCode()).ifPresent(session::setLanguage);
        events.add(new UserSaid(message.getText(), message.getTracking(), message.getPayload(),
                bot.getTranslations().isEmpty() ? null : session.getLanguage().getCode()));
        Understanding understood = understand(bot, session, message, command);
        if (!understood.entities().isEmpty()) {
            events.add(new EntitiesExtracted(understood.entities()));
        }
        session.setLastActivityAt(command.getIssuedAt());
        session.setTurns(session.getTurns() + 1);
        Map<String, String> kept = new HashMap<>(session.getContext());
        message.getContext().forEach((key, value) -> {
            // Where a call's answers go is set when it starts, never by a later turn.
            if (!key.equals(CALLBACK_URL)) {
                kept.put(key, value);
            }
        });
        session.setContext(kept);
        Map<String, String> clientVariables = message.getVariables();
        TurnContext context = new TurnContext(bot, session, command, events, clientVariables);

        // A stale tracking (a block the session has left) is answered from where the session is.
        Block current = block(bot, session.getBlockId()).orElse(null);
        if (current != null && isFilling(bot, current, filling)) {
            // The user answers the slot in progress: a button's payload is the answer it stands for.
            String answer = Optional.ofNullable(message.getPayload()).orElse(message.getText());
            return remember(session, message, understood, moduleStep(context, current,
                    slots.answer(bot, filling, command, answer, understood.entities(), renderer(context, current),
                            events::add)));
        }
        if (current != null && current.getType() == BlockType.MODULE) {
            // No usable filling here (the bot was republished with another module): start the module afresh.
            return remember(session, message, understood, enter(context, current.getId(), List.of(), understood.entities()));
        }
        Optional<String> intent = recognise(understood, events);
        if (current == null) {
            // The bot was republished without this block: start over rather than strand the user.
            return remember(session, message, understood, enter(context, bot.getStartBlockId(), List.of(), understood.entities()));
        }
        Optional<String> target = current.getTransitions().stream()
                .filter(transition -> matches(transition, message, intent))
                .map(Transition::getTarget)
                .findFirst();
        if (target.isPresent()) {
            return remember(session, message, understood, enter(context, target.get(), List.of(), understood.entities()));
        }
        if (session.getRetriesLeft() > 0) {
            session.setRetriesLeft(session.getRetriesLeft() - 1);
            Map<String, String> variables = variables(bot, session, command);
            Map<String, String> faults = new HashMap<>();
            String prompt = render(retryPrompt(bot, session, current).orElse(""), variables, clientVariables, current, faults);
            List<BotMessage> messages = List.of(new BotMessage(MessageType.TEXT, prompt, current.getButtons()));
            events.add(botSaid(current, messages));
            return remember(session, message, understood, Turn.updated(session, events.list(),
                    reply(context, messages, current, variables, faults)));
        }
        String fallback = Optional.ofNullable(bot.getFallbackBlockId()).orElse(current.getId());
        return remember(session, message, understood, enter(context, fallback, List.of(), understood.entities()));
    }

    /**
     * The user sent a document: it is read outside the topology (a DocumentRequest), the user is told
     * to wait, and the text, once back, is taken as the user's turn ({@link #documentRead}).
     */
    Turn document(BotDefinition bot, SessionState session, Command command, DocumentMessage document) {
        Events events = new Events(command);
        if (isIdlePastTimeout(bot, session, command.getIssuedAt())) {
            return expired(bot, session, command, events);
        }
        if (session.getEnded()) {
            return rejected(command, ReplyStatus.SESSION_NOT_FOUND, ENDED.formatted(session.getSessionId()));
        }
        BotLanguages.resolve(bot, document.getLanguageCode()).ifPresent(session::setLanguage);
        session.setLastActivityAt(command.getIssuedAt());
        session.setPendingRequest(command.getCommandId());
        events.add(new DocumentRequested(command.getCommandId(), document.getKind(), document.getUrl()));
        String waiting = BotLanguages.translation(bot, session.getLanguage()).map(Translation::getDocumentReadingMessage)
                .orElse(bot.getDocumentReadingMessage());
        TurnContext context = new TurnContext(bot, session, command, events, Map.of());
        BotReply interim = BackgroundState.pending(sayWhereItIs(context, waiting, Map.of()));
        DocumentRequest request = DocumentRequest.newBuilder()
                .setRequestId(command.getCommandId())
                .setSessionId(session.getSessionId())
                .setCompany(bot.getCompany())
                .setBotId(bot.getBotId())
                .setKind(document.getKind())
                .setUrl(document.getUrl())
                .setLanguageCode(session.getLanguage().getCode())
                .setRequestedAt(command.getIssuedAt())
                .build();
        return Turn.updated(session, events.list(), interim).withDocument(request);
    }

    /** The session idled past its bot's timeout: it is closed, and the caller told to start again. */
    private static Turn expired(BotDefinition bot, SessionState session, Command command, Events events) {
        events.add(new SessionExpired(session.getLastActivityAt()));
        return Turn.closed(events.list(), reject(command, ReplyStatus.SESSION_NOT_FOUND,
                EXPIRED.formatted(session.getSessionId(), bot.getSessionTimeoutSeconds())));
    }

    /** Says one message (a template, rendered with {@code extra} too) without moving the session. */
    private BotReply sayWhereItIs(TurnContext context, String template, Map<String, String> extra) {
        Block current = currentOrStart(context.bot(), context.session());
        Map<String, String> variables = variables(context.bot(), context.session(), context.command());
        Map<String, String> faults = new HashMap<>();
        List<BotMessage> said = List.of(new BotMessage(MessageType.TEXT, render(template, variables, extra, current, faults), List.of()));
        context.events().add(botSaid(current, said));
        return reply(context, said, current, variables, faults);
    }

    /**
     * A document's text came back: it is the user's turn, answered on the user's channel. A document
     * that could not be read gets the bot's failure message with the reason. A text the session no
     * longer waits for is dropped.
     */
    Turn documentRead(BotDefinition bot, SessionState session, SlotFilling filling, Command command, DocumentTextReady ready) {
        if (!ready.getRequestId().equals(session.getPendingRequest())) {
            return Turn.unchanged(List.of(), null);
        }
        session.setPendingRequest(null);
        Events events = new Events(command);
        events.add(new DocumentRead(ready.getRequestId(), ready.getText().length(), ready.getFailure()));
        if (ready.getFailure() != null || ready.getText().isBlank()) {
            String template = BotLanguages.translation(bot, session.getLanguage()).map(Translation::getDocumentFailureMessage)
                    .orElse(bot.getDocumentFailureMessage());
            Map<String, String> reason = Map.of("reason", Optional.ofNullable(ready.getFailure()).orElse("it holds no text"));
            TurnContext context = new TurnContext(bot, session, command, events, Map.of());
            return Turn.updated(session, events.list(), BackgroundState.answered(sayWhereItIs(context, template, reason)));
        }
        UserMessage asTyped = UserMessage.newBuilder().setText(ready.getText()).setEmbedding(ready.getEmbedding()).build();
        Turn turn = continueSession(bot, session, filling, command, asTyped, events);
        if (turn.reply() == null) {
            return turn;
        }
        return turn.withReply(BackgroundState.answered(turn.reply()));
    }

    /**
     * Records the AI answer the session waits for: it becomes {@code bot_answer}, is pushed to the
     * user's channel, and answers a client that polls with its last turn. The session goes on to the
     * AI block's next block. An answer the session no longer waits for is dropped.
     */
    Turn aiAnswered(BotDefinition bot, SessionState session, Command command, AiAnswerReady answer) {
        if (!answer.getRequestId().equals(session.getPendingRequest())) {
            return Turn.unchanged(List.of(), null);
        }
        session.setPendingRequest(null);
        Block aiBlock = block(bot, session.getBlockId()).orElseThrow();
        Map<String, String> variables = new HashMap<>(session.getVariables());
        Optional.ofNullable(answer.getModel()).ifPresent(model -> variables.put(MODEL, model));
        session.setVariables(variables);
        Events events = new Events(command);
        TurnContext context = new TurnContext(bot, session, command, events, Map.of());
        List<BotMessage> said = List.of(new BotMessage(MessageType.TEXT, answer.getAnswer(), List.of()));
        Turn turn = aiBlock.getNext() == null
                ? Turn.updated(session, events.listWith(botSaid(aiBlock, said)),
                        reply(context, said, aiBlock, variables(bot, session, command), Map.of()))
                : enter(context, aiBlock.getNext(), said, List.of());
        return answeredInBackground(session, turn);
    }

    /**
     * A message the customer's backend sends to the user: said in the session as it is, pushed to the
     * user's channel; the session stays where it is, so a postback comes back as a normal turn.
     */
    Turn sent(BotDefinition bot, SessionState session, Command command, SendMessage message) {
        Events events = new Events(command);
        List<BotMessage> said = List.of(new BotMessage(MessageType.TEXT, message.getText(), message.getButtons()));
        Block current = currentOrStart(bot, session);
        events.add(botSaid(current, said));
        TurnContext context = new TurnContext(bot, session, command, events, Map.of());
        BotReply pushed = BotReply.newBuilder(reply(context, said, current, variables(bot, session, command), Map.of()))
                .setReplyTo(null)
                .build();
        return Turn.updated(session, events.list(), pushed);
    }

    /**
     * The customer's verdict on a slot it was asked to validate: the next slot is asked, or the slot is
     * asked again with the customer's message. The answer is pushed to the user's channel.
     */
    Turn slotFeedback(BotDefinition bot, SessionState session, SlotFilling filling, Command command, SlotFeedback feedback) {
        Optional<String> refusal = SlotFiller.refusal(bot, filling, feedback);
        if (refusal.isPresent()) {
            return rejected(command, ReplyStatus.INVALID_REQUEST, refusal.get());
        }
        Events events = new Events(command);
        session.setLastActivityAt(command.getIssuedAt());
        Block current = block(bot, filling.getBlockId()).orElseThrow();
        TurnContext context = new TurnContext(bot, session, command, events, Map.of());
        return answeredInBackground(session, moduleStep(context, current,
                slots.feedback(bot, filling, command, feedback, renderer(context, current), events::add)));
    }

    /** A webhook call failed for good: the user is told, per the bot's failure message, and a waiting slot asked again. */
    Turn webhookFailed(BotDefinition bot, SessionState session, SlotFilling filling, Command command, WebhookFailed failure) {
        Events events = new Events(command);
        TurnContext context = new TurnContext(bot, session, command, events, Map.of());
        Optional<SlotFiller.Step> step = slots.webhookFailed(bot, filling, command, failure,
                renderer(context, currentOrStart(bot, session)), events::add);
        if (step.isEmpty()) {
            return Turn.unchanged(events.list(), null);
        }
        Optional<Block> current = block(bot, session.getBlockId());
        if (current.isEmpty()) {
            return Turn.unchanged(events.list(), null);
        }
        if (step.get().filling() == null) {
            events.add(botSaid(current.get(), step.get().messages()));
            BotReply told = reply(context, step.get().messages(), current.get(), variables(bot, session, command), Map.of());
            return Turn.updated(session, events.list(), BotReply.newBuilder(told).setReplyTo(null).build());
        }
        return answeredInBackground(session, moduleStep(context, current.get(), step.get()));
    }

    /**
     * A reply decided in the background (an AI answer, the customer's verdict): pushed to the user's
     * channel, and the answer a client polling with its last turn gets from now on.
     */
    private static Turn answeredInBackground(SessionState session, Turn turn) {
        BotReply pushed = BackgroundState.answered(turn.reply());
        if (session.getLastTurn() != null) {
            session.getLastTurn().setReply(pushed);
        }
        return turn.withReply(pushed);
    }

    /** Whether the session is filling the module of the MODULE block it is at, as the bot now defines it. */
    private static boolean isFilling(BotDefinition bot, Block block, SlotFilling filling) {
        return block.getType() == BlockType.MODULE && filling != null && !filling.getCompleted()
                && filling.getBlockId().equals(block.getId()) && SlotFiller.isUsable(bot, filling);
    }

    /**
     * Turns a module step into the turn's answer: the tree goes on after the MODULE block once the
     * module is complete; until then the session stays at the block.
     */
    private Turn moduleStep(TurnContext context, Block moduleBlock, SlotFiller.Step step) {
        BotDefinition bot = context.bot();
        SessionState session = context.session();
        Command command = context.command();
        Events events = context.events();
        if (step.completed()) {
            return enter(context, moduleBlock.getNext(), step.messages(), List.of())
                    .withSlots(step.filling(), step.webhook());
        }
        events.add(botSaid(moduleBlock, step.messages()));
        Map<String, String> variables = variables(bot, session, command);
        BotReply reply = BotReply.newBuilder(reply(context, step.messages(), moduleBlock, variables, new HashMap<>()))
                .setTracking(SlotFiller.tracking(step.filling())).build();
        if (step.checking()) {
            reply = BackgroundState.pending(reply);
        }
        return Turn.updated(session, events.list(), reply).withSlots(step.filling(), step.webhook());
    }

    /** Applies an expiry the scan proposed, if the session is still idle past its timeout at the command's time. */
    Turn expire(BotDefinition bot, SessionState session, Command command, ExpireSession expiry) {
        if (!session.getLastActivityAt().equals(expiry.getLastActivityAt())
                || !isIdlePastTimeout(bot, session, command.getIssuedAt())) {
            return Turn.unchanged(List.of(), null);
        }
        Events events = new Events(command);
        events.add(new SessionExpired(session.getLastActivityAt()));
        return Turn.closed(events.list(), null);
    }

    /**
     * A command the session has applied already, delivered again. A caller waiting for it gets the
     * answer it got then when it was the latest turn, or, when it is the user's latest message and the
     * bot spoke since (a webhook's verdict, an AI answer), what the bot said last: a client retrying a
     * lost answer learns where the conversation is. Nobody else gets anything (the first delivery's
     * answer went out, on Messenger say, and must not go out twice). Nothing moves.
     */
    Turn redelivered(SessionState session, Command command) {
        Events events = new Events(command);
        LastTurn last = session.getLastTurn();
        events.add(new TurnRepeated(last == null ? null : last.getTracking()));
        if (command.getReplyTo() == null) {
            return Turn.unchanged(events.list(), null);
        }
        if (last != null && last.getReply() != null
                && (command.getCommandId().equals(last.getReply().getCommandId()) || isTheLastUserTurn(last, command))) {
            return Turn.unchanged(events.list(), BotReply.newBuilder(last.getReply())
                    .setReplyTo(command.getReplyTo())
                    .setRepliedAt(command.getIssuedAt())
                    .build());
        }
        return Turn.unchanged(events.list(), reject(command, ReplyStatus.INVALID_REQUEST,
                "command " + command.getCommandId() + " was applied already; its answer was given then"));
    }

    private static boolean isTheLastUserTurn(LastTurn last, Command command) {
        return command.getPayload() instanceof UserMessage message
                && message.getText().equals(last.getText())
                && Objects.equals(message.getTracking(), last.getTracking());
    }

    Turn rejected(Command command, ReplyStatus status, String reason) {
        Events events = new Events(command);
        events.add(new CommandRejected(status, reason));
        return Turn.unchanged(events.list(), reject(command, status, reason));
    }

    static boolean isIdlePastTimeout(BotDefinition bot, SessionState session, Instant at) {
        Duration idle = Duration.between(session.getLastActivityAt(), at);
        return idle.compareTo(Duration.ofSeconds(bot.getSessionTimeoutSeconds())) >= 0;
    }

    /**
     * What the NLU makes of a turn: the intents ranked in the session's language (from the embedding
     * the command carries, when the classifier reads it), the decision the bot's threshold and
     * ambiguity margin make of them, and the entities found.
     */
    record Understanding(List<IntentScore> ranking, IntentDecision decision, String sentenceEncoder, List<Entity> entities) {
    }

    private Understanding understand(BotDefinition bot, SessionState session, UserMessage message, Command command) {
        IntentModels.Ranked ranked = intents.rank(bot, session.getLanguage(), message.getText(), message.getEmbedding());
        return new Understanding(ranked.ranking(),
                IntentDecision.of(ranked.ranking(), bot.getIntentThreshold(), bot.getAmbiguityMargin()),
                ranked.sentenceEncoder(),
                entities.extract(bot, session.getLanguage(), message.getText(), command.getIssuedAt()));
    }

    private static Optional<String> recognise(Understanding understood, Events events) {
        if (understood.ranking().isEmpty()) {
            return Optional.empty();
        }
        IntentDecision decision = understood.decision();
        events.add(new IntentRecognised(decision.intent().orElse(null), understood.ranking().get(0).getConfidence(),
                understood.ranking(), decision.fallback().orElse(null), understood.sentenceEncoder()));
        return decision.intent();
    }

    /**
     * The previous turn sent again: same text and tracking, while the session has moved on from that
     * tracking (a retry after a lost answer), still waits for its AI answer, or got it in the
     * background (a client polling). The last case matters when the AI block leads back to the block
     * the question was asked from: without it, a poll just after the answer would be a new question.
     */
    private static boolean isRetryOfLastTurn(SessionState session, BotDefinition bot, SlotFilling filling, UserMessage message) {
        LastTurn last = session.getLastTurn();
        boolean inModule = block(bot, session.getBlockId()).filter(block -> isFilling(bot, block, filling)).isPresent();
        String position = inModule ? SlotFiller.tracking(filling) : session.getBlockId();
        return last != null
                && message.getTracking() != null
                && (!message.getTracking().equals(position) || session.getPendingRequest() != null
                        || (inModule && filling.getPendingValidation() != null)
                        || BackgroundState.ANSWERED.isSaidBy(last.getReply()))
                && message.getTracking().equals(last.getTracking())
                && message.getText().equals(last.getText());
    }

    /**
     * Keeps the turn's answer for a retry of it, with what the NLU understood (the intent when it
     * passes the bot's threshold, the ranking and the entities) on the reply.
     */
    private static Turn remember(SessionState session, UserMessage message, Understanding understood, Turn turn) {
        BotReply reply = turn.reply();
        if (reply != null) {
            IntentScore best = understood.ranking().isEmpty() ? null : understood.ranking().get(0);
            if (best != null && understood.decision().intent().isEmpty()) {
                best = new IntentScore(BELOW_THRESHOLD, best.getConfidence());
            }
            reply = BotReply.newBuilder(reply)
                    .setIntent(best)
                    .setIntentRanking(understood.ranking())
                    .setEntities(understood.entities())
                    .build();
        }
        session.setLastTurn(new LastTurn(message.getTracking(), message.getText(), reply));
        return turn.withReply(reply);
    }

    /**
     * Moves to {@code blockId} and on through blocks that do not wait, collecting what they say after
     * {@code said}. An AI block waits for its answer: the user gets its messages as the interim answer.
     */
    private Turn enter(TurnContext context, String blockId, List<BotMessage> said, List<Entity> entities) {
        BotDefinition bot = context.bot();
        SessionState session = context.session();
        Command command = context.command();
        Events events = context.events();
        Map<String, String> clientVariables = context.clientVariables();
        Map<String, String> variables = variables(bot, session, command);
        Map<String, String> faults = new HashMap<>();
        List<BotMessage> messages = new ArrayList<>(said);
        Block block = null;
        String next = blockId;
        for (int hops = 0; next != null && hops < MAX_BLOCKS_PER_TURN; hops++) {
            String id = next;
            block = block(bot, id).orElseThrow(() -> new IllegalStateException("bot has no block " + id));
            for (String template : messages(bot, session, block)) {
                messages.add(new BotMessage(MessageType.TEXT, render(template, variables, clientVariables, block, faults),
                        block.getButtons()));
            }
            next = block.getType() == BlockType.MESSAGE ? block.getNext() : null;
        }
        session.setBlockId(block.getId());
        session.setRetriesLeft(block.getMaxRetries());
        session.setEnded(block.getType() == BlockType.END || block.getType() == BlockType.HANGUP);
        if (block.getType() == BlockType.MODULE) {
            SlotFiller.Step step = slots.start(bot, session, block, command, entities,
                    renderer(context, block), events::add);
            messages.addAll(step.messages());
            SlotFiller.Step started = new SlotFiller.Step(step.filling(), messages, step.completed(), false, step.webhook());
            return moduleStep(context, block, started);
        }
        events.add(botSaid(block, messages));
        BotReply reply = reply(context, messages, block, variables, faults);
        if (block.getType() != BlockType.AI) {
            return Turn.updated(session, events.list(), reply);
        }
        // The answer comes later: the user gets the interim messages now, the final one pushed.
        session.setPendingRequest(command.getCommandId());
        BotReply interim = BackgroundState.pending(reply);
        return Turn.updated(session, events.list(), interim)
                .withAi(aiRequest(context, block, variables, faults));
    }

    private AiRequest aiRequest(TurnContext context, Block block, Map<String, String> variables,
                                Map<String, String> faults) {
        BotDefinition bot = context.bot();
        SessionState session = context.session();
        Command command = context.command();
        Map<String, String> clientVariables = context.clientVariables();
        AiSettings ai = Optional.ofNullable(bot.getAi()).orElse(AiSettings.newBuilder().build());
        List<ChatMessage> messages = new ArrayList<>();
        Optional.ofNullable(ai.getSystemPrompt()).ifPresent(prompt -> messages.add(new ChatMessage("system", prompt)));
        String userText = clientVariables.getOrDefault(USER_RESPONSE, "");
        String question = block.getPrompt() == null ? userText : render(block.getPrompt(), variables, clientVariables, block, faults);
        messages.add(new ChatMessage("user", question));
        return AiRequest.newBuilder()
                .setRequestId(command.getCommandId())
                .setSessionId(session.getSessionId())
                .setCompany(bot.getCompany())
                .setBotId(bot.getBotId())
                .setChannel(session.getChannel())
                .setBaseUrl(ai.getBaseUrl())
                .setModel(ai.getModel())
                .setMessages(messages)
                .setFallbackAnswer(ai.getFallbackAnswer())
                .setRequestedAt(command.getIssuedAt())
                .build();
    }

    /** The bot's and the session's variables with the built-ins at the command's time. */
    private static Map<String, String> variables(BotDefinition bot, SessionState session, Command command) {
        Map<String, String> variables = new HashMap<>(session.getVariables());
        variables.putAll(BuiltInVariables.at(bot, command.getIssuedAt()));
        return variables;
    }

    private String render(String template, Map<String, String> variables, Map<String, String> clientVariables,
                          Block block, Map<String, String> faults) {
        Map<String, Object> context = new HashMap<>(clientVariables);
        context.putAll(variables);
        context.putAll(BuiltInVariables.flags(variables));
        MessageTemplates.Rendered rendered = templates.render(template, context);
        rendered.missing().ifPresent(fault -> faults.putIfAbsent(ERROR, fault + " in block " + block.getId()));
        return rendered.text();
    }

    private BotReply reply(TurnContext context, List<BotMessage> messages, Block block, Map<String, String> variables,
                           Map<String, String> faults) {
        BotDefinition bot = context.bot();
        SessionState session = context.session();
        Command command = context.command();
        Map<String, String> clientVariables = context.clientVariables();
        Map<String, String> answer = new HashMap<>(variables);
        Optional.ofNullable(clientVariables.get(USER_RESPONSE)).ifPresent(text -> answer.put(USER_RESPONSE, text));
        if (!messages.isEmpty()) {
            answer.put(BOT_ANSWER, botAnswer(messages));
        }
        RetryPrompt prompt = new RetryPrompt(MessageType.CUSTOM,
                render(retryPrompt(bot, session, block).orElse(""), variables, clientVariables, block, faults), block.getId());
        answer.putAll(faults);
        if (bot.getAi() != null && bot.getAi().getModel() != null) {
            answer.putIfAbsent(MODEL, bot.getAi().getModel());
        }
        session.setVariables(variables);
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
                .setVariables(answer)
                .setSpeech(session.getChannel() == Channel.TELEPHONY ? bot.getTelephony() : null)
                .setEnded(session.getEnded())
                .setUserId(session.getUserId())
                .setCallbackUrl(session.getContext().get(CALLBACK_URL))
                .setMessengerPage(session.getChannel() == Channel.MESSENGER ? bot.getMessenger() : null)
                .build();
    }

    /** Renders the bot's templates (slot questions, validation and checking messages) as the turn's messages are. */
    private UnaryOperator<String> renderer(TurnContext context, Block block) {
        Map<String, String> variables = variables(context.bot(), context.session(), context.command());
        Map<String, String> clientVariables = context.clientVariables();
        return template -> template == null ? null : render(template, variables, clientVariables, block, new HashMap<>());
    }
}
