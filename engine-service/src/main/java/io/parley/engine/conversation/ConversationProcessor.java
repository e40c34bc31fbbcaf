package io.parley.engine.conversation;

import io.parley.avro.BotDefinition;
import io.parley.avro.BotReply;
import io.parley.avro.Command;
import io.parley.avro.ConversationEvent;
import io.parley.avro.ReplyStatus;
import io.parley.avro.SessionState;
import io.parley.avro.StartConversation;
import io.parley.avro.UserMessage;
import io.parley.topics.Topics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies each command to its session and forwards the resulting events and reply. */
final class ConversationProcessor implements Processor<String, Command, String, Object> {

    private static final Logger log = LoggerFactory.getLogger(ConversationProcessor.class);

    private final TurnInterpreter interpreter = new TurnInterpreter();
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, SessionState> sessions;
    private TimestampedKeyValueStore<String, BotDefinition> bots;

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.sessions = context.getStateStore(EngineTopology.SESSIONS_STORE);
        this.bots = context.getStateStore(EngineTopology.BOTS_STORE);
    }

    @Override
    public void process(Record<String, Command> record) {
        Command command = record.value();
        Turn turn;
        try {
            turn = decide(command);
        } catch (RuntimeException e) {
            // The caller learns at once that the turn failed; the handler then dead-letters the command.
            log.error("turn failed for session {} (command {})", command.getSessionId(), command.getCommandId(), e);
            forward(record, interpreter.reject(command, ReplyStatus.SERVER_ERROR,
                    "the engine could not process this turn; retrying is safe"));
            throw e;
        }
        if (turn.session() != null) {
            sessions.put(command.getSessionId(), turn.session());
        }
        forward(record, turn);
    }

    private Turn decide(Command command) {
        ValueAndTimestamp<BotDefinition> bot = bots.get(Topics.botKey(command.getCompany(), command.getBotId()));
        if (bot == null) {
            return interpreter.reject(command, ReplyStatus.BOT_NOT_FOUND,
                    "no bot " + command.getBotId() + " in company " + command.getCompany());
        }
        Object payload = command.getPayload();
        if (payload instanceof StartConversation start) {
            return interpreter.start(bot.value(), command, start);
        }
        if (payload instanceof UserMessage message) {
            SessionState session = sessions.get(command.getSessionId());
            if (session == null) {
                return interpreter.reject(command, ReplyStatus.SESSION_NOT_FOUND,
                        "session " + command.getSessionId() + " is unknown or has expired; start a new conversation");
            }
            return interpreter.continueSession(bot.value(), session, command, message);
        }
        return interpreter.reject(command, ReplyStatus.INVALID_REQUEST,
                "unsupported command " + payload.getClass().getSimpleName());
    }

    private void forward(Record<String, Command> record, Turn turn) {
        for (ConversationEvent event : turn.events()) {
            context.forward(record.withValue((Object) event), EngineTopology.EVENTS_SINK);
        }
        BotReply reply = turn.reply();
        context.forward(record.withValue((Object) reply), EngineTopology.REPLIES_SINK);
    }
}
