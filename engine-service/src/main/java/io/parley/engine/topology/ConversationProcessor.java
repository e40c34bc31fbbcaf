package io.parley.engine.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.parley.avro.BotDefinition;
import io.parley.avro.Command;
import io.parley.avro.ConversationEvent;
import io.parley.avro.ExpireSession;
import io.parley.avro.SessionEntry;
import io.parley.avro.SessionState;
import io.parley.avro.SlotFilling;
import io.parley.engine.turns.Decisions;
import io.parley.engine.turns.Turn;
import io.parley.topics.Topics;
import io.parley.topics.TraceHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each command to its session and forwards the resulting events and reply. A wall-clock scan
 * proposes expiries by writing {@link ExpireSession} commands to the log; the decision is taken when
 * that command is processed, from its timestamp, so a replay of the log expires the same sessions.
 */
final class ConversationProcessor implements Processor<String, Command, String, Object> {

    private static final Logger log = LoggerFactory.getLogger(ConversationProcessor.class);
    private static final int DEFAULT_TIMEOUT_SECONDS = 900;

    private final Decisions decisions = new Decisions();
    private final Duration expiryScanInterval;
    /** Sessions with an expiry proposal in flight, so the scan does not propose twice. */
    private final Set<String> expiryProposed = new HashSet<>();
    /**
     * Sessions the expiry scan reads at most each time it runs. Reading one costs a few microseconds on
     * the stream thread, which answers no turn meanwhile: at 100,000 sessions a whole-store scan held it
     * for half a second every 5 s (./benchmark sessions). A bounded slice keeps each pause short; the
     * next scan goes on where this one stopped, so a large store is covered over a few scans. A late
     * proposal changes nothing a user sees: a turn after the timeout finds the session expired anyway.
     */
    private final int expiryScanSlice;
    /** Where the next scan starts; null for the beginning of the store. */
    private String expiryScanFrom;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, SessionState> sessions;
    private KeyValueStore<String, SlotFilling> slots;
    private TimestampedKeyValueStore<String, BotDefinition> bots;

    private final ObservationRegistry observations;

    ConversationProcessor(Duration expiryScanInterval, int expiryScanSlice, ObservationRegistry observations) {
        // At least one, or a scan would never read a session.
        this.expiryScanSlice = Math.max(1, expiryScanSlice);
        this.expiryScanInterval = expiryScanInterval;
        this.observations = observations;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.sessions = context.getStateStore(EngineTopology.SESSIONS_STORE);
        this.slots = context.getStateStore(EngineTopology.SLOTS_STORE);
        this.bots = context.getStateStore(EngineTopology.BOTS_STORE);
        context.schedule(expiryScanInterval, PunctuationType.WALL_CLOCK_TIME, this::proposeExpiries);
    }

    /**
     * Decides the turn inside an observation that continues the command's trace; the records it forwards
     * carry the context of the engine's own span (written into the command's headers, which every
     * forwarded record copies), so delivery's work is a child of the decision, not of the request.
     */
    @Override
    public void process(Record<String, Command> record) {
        Observation turn = TraceHeaders.receiving("parley.turn", Topics.COMMANDS, record.headers(), observations).start();
        try (Observation.Scope ignored = turn.openScope()) {
            Observation passedOn = TraceHeaders.sending("parley.turn.outputs", Topics.COMMANDS, record.headers(), observations)
                    .contextualName("turn outputs").start();
            try (Observation.Scope alsoIgnored = passedOn.openScope()) {
                apply(record);
            } finally {
                passedOn.stop();
            }
        } catch (RuntimeException e) {
            turn.error(e);
            throw e;
        } finally {
            turn.stop();
        }
    }

    private void apply(Record<String, Command> record) {
        Command command = record.value();
        SessionState session = sessions.get(command.getSessionId());
        BotDefinition bot = bot(command.getCompany(), command.getBotId());
        // Every event and reply names the bot version that decided it, so an audit can re-run it.
        Long version = bot == null ? null : bot.getPublishedAt().toEpochMilli();
        if (command.getPayload() instanceof ExpireSession) {
            // Decided now, whatever the outcome: a later scan may propose it again.
            expiryProposed.remove(command.getSessionId());
        }
        Turn turn;
        try {
            // Without a session there is no module state to read.
            SlotFilling filling = session == null ? null : slots.get(command.getSessionId());
            turn = decisions.decide(bot, session, filling, command);
        } catch (RuntimeException e) {
            // The caller learns at once that the turn failed; the handler then dead-letters the command.
            log.error("turn failed for session {} (command {})", command.getSessionId(), command.getCommandId(), e);
            forward(record, version, decisions.failed(command));
            throw e;
        }
        if (turn.removed()) {
            sessions.delete(command.getSessionId());
            Optional.ofNullable(slots.delete(command.getSessionId())).ifPresent(ended -> forgetFilling(record, ended));
            // A tombstone: the session leaves the directory every instance reads.
            context.forward(record.withValue(null), EngineTopology.SESSIONS_SINK);
        } else if (turn.session() != null) {
            sessions.put(command.getSessionId(), turn.session());
            if (session == null) {
                context.forward(record.withValue((Object) directoryEntry(turn.session())), EngineTopology.SESSIONS_SINK);
            }
        }
        if (turn.filling() != null) {
            SlotFilling previous = slots.get(command.getSessionId());
            if (previous != null && previous.getId() != turn.filling().getId()) {
                forgetFilling(record, previous);
            }
            slots.put(command.getSessionId(), turn.filling());
            context.forward(new Record<>(Long.toString(turn.filling().getId()), (Object) turn.filling(), record.timestamp()),
                    EngineTopology.SLOT_STATES_SINK);
        }
        forward(record, version, turn);
    }

    /** A tombstone: slot feedback for a module the session has left is refused at the edge. */
    private void forgetFilling(Record<String, Command> record, SlotFilling filling) {
        context.forward(new Record<>(Long.toString(filling.getId()), null, record.timestamp()), EngineTopology.SLOT_STATES_SINK);
    }

    private static SessionEntry directoryEntry(SessionState session) {
        return SessionEntry.newBuilder()
                .setSessionId(session.getSessionId())
                .setCompany(session.getCompany())
                .setBotId(session.getBotId())
                .setChannel(session.getChannel())
                .setUserId(session.getUserId())
                .setCallbackUrl(Decisions.callbackUrl(session))
                .setStartedAt(session.getStartedAt())
                .build();
    }

    private void forward(Record<String, Command> record, Long botVersion, Turn turn) {
        // The turn's own records, made for this forward: stamped in place rather than deep-copied on every turn.
        for (ConversationEvent event : turn.events()) {
            event.setBotVersion(botVersion);
            context.forward(record.withValue((Object) event), EngineTopology.EVENTS_SINK);
        }
        if (turn.reply() != null) {
            turn.reply().setBotVersion(botVersion);
            context.forward(record.withValue((Object) turn.reply()), EngineTopology.REPLIES_SINK);
        }
        if (turn.ai() != null) {
            context.forward(record.withValue((Object) turn.ai()), EngineTopology.AI_SINK);
        }
        if (turn.webhook() != null) {
            context.forward(record.withValue((Object) turn.webhook()), EngineTopology.WEBHOOKS_SINK);
        }
        if (turn.document() != null) {
            context.forward(record.withValue((Object) turn.document()), EngineTopology.DOCUMENTS_SINK);
        }
    }

    /**
     * Proposes closing every session idle past its bot's timeout at wall-clock time {@code now}, among
     * the next {@link #expiryScanSlice} sessions of the store (from where the last scan stopped).
     */
    private void proposeExpiries(long now) {
        Instant at = Instant.ofEpochMilli(now);
        int read = 0;
        try (KeyValueIterator<String, SessionState> slice = expiryScanFrom == null ? sessions.all()
                : sessions.range(expiryScanFrom, null)) {
            while (slice.hasNext() && read < expiryScanSlice) {
                KeyValue<String, SessionState> entry = slice.next();
                read++;
                SessionState session = entry.value;
                BotDefinition bot = bot(session.getCompany(), session.getBotId());
                int timeout = bot == null ? DEFAULT_TIMEOUT_SECONDS : bot.getSessionTimeoutSeconds();
                boolean idle = !session.getLastActivityAt().plusSeconds(timeout).isAfter(at);
                if (idle && expiryProposed.add(entry.key)) {
                    Command expire = Command.newBuilder()
                            .setCommandId("expire/" + entry.key + "/" + session.getLastActivityAt().toEpochMilli())
                            .setSessionId(entry.key)
                            .setCompany(session.getCompany())
                            .setBotId(session.getBotId())
                            .setChannel(session.getChannel())
                            .setIssuedAt(at)
                            .setPayload(new ExpireSession(session.getLastActivityAt()))
                            .build();
                    context.forward(new Record<>(entry.key, (Object) expire, now), EngineTopology.EXPIRY_SINK);
                }
            }
            expiryScanFrom = slice.hasNext() ? slice.peekNextKey() : null;
        }
    }

    private BotDefinition bot(String company, long botId) {
        ValueAndTimestamp<BotDefinition> bot = bots.get(Topics.botKey(company, botId));
        return bot == null ? null : bot.value();
    }
}
