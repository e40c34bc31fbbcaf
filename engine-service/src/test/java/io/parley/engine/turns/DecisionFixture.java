package io.parley.engine.turns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.parley.avro.AiRequest;
import io.parley.avro.BotDefinition;
import io.parley.avro.BotReply;
import io.parley.avro.Channel;
import io.parley.avro.Command;
import io.parley.avro.ConversationEvent;
import io.parley.avro.DocumentRequest;
import io.parley.avro.ReplyAddress;
import io.parley.avro.ReplyStatus;
import io.parley.avro.SessionState;
import io.parley.avro.SlotFilling;
import io.parley.avro.WebhookRequest;
import io.parley.engine.testing.EngineHarness;

/**
 * The decision core under test as a pure function, in the given/when/expect style of Axon's
 * aggregate fixtures: given a bot and what the session went through, when a command, expect events,
 * a reply and the state after. No broker, no registry, no Spring: a test takes milliseconds.
 *
 * <p>The state between turns is kept as the processor keeps it in its stores (a copy per turn, the
 * session removed when closed, the latest module state), so a history given as commands builds the
 * session exactly as the topology would.
 */
final class DecisionFixture {

    static final String SESSION = "s1";
    static final ReplyAddress CALLER = new ReplyAddress("ingest-1", "waiting-1");

    private final Decisions decisions = new Decisions();
    private final BotDefinition bot;
    private BotDefinition known;
    private SessionState session;
    private SlotFilling filling;
    private Instant clock = Instant.parse("2026-03-06T08:00:00Z");
    private Channel channel = Channel.WEB;
    private int commandCount;
    private final Map<String, Command> sent = new HashMap<>();
    private Command last;
    private Turn lastTurn;

    private DecisionFixture(BotDefinition bot) {
        this.bot = bot;
        this.known = bot;
    }

    static DecisionFixture given(BotDefinition bot) {
        return new DecisionFixture(bot);
    }

    /** The company has no such bot (never published, or unpublished). */
    DecisionFixture andNoBotPublished() {
        known = null;
        return this;
    }

    DecisionFixture andSession(SessionState stored) {
        session = SessionState.newBuilder(stored).build();
        return this;
    }

    DecisionFixture andChannel(Channel commandsChannel) {
        channel = commandsChannel;
        return this;
    }

    /** The clock for the next commands: each command's {@code issuedAt} is the engine's clock. */
    DecisionFixture at(Instant now) {
        clock = now;
        return this;
    }

    /** Commands the session has gone through, applied as the topology would apply them. */
    DecisionFixture after(Object... payloads) {
        for (Object payload : payloads) {
            apply(command(payload));
        }
        return this;
    }

    /** The user's answers, one turn each, each sent from where the previous reply left the client. */
    DecisionFixture afterAnswers(String... texts) {
        for (String text : texts) {
            String tracking = lastTurn == null || lastTurn.reply() == null ? null : lastTurn.reply().getTracking();
            apply(command(EngineHarness.say(text, tracking)));
        }
        return this;
    }

    /** The last turn decided in the history, e.g. to answer the AI request it made. */
    Turn lastTurn() {
        return lastTurn;
    }

    SlotFilling filling() {
        return filling;
    }

    Outcome when(Object payload) {
        return whenCommand(command(payload));
    }

    /** The previous command delivered again, its caller still waiting. */
    Outcome whenRedelivered() {
        return whenRedelivered(last.getCommandId());
    }

    /** An earlier command ({@code cmd-1} is the first) delivered again, its caller still waiting. */
    Outcome whenRedelivered(String commandId) {
        return whenCommand(Command.newBuilder(sent.get(commandId)).setIssuedAt(clock).build());
    }

    /** The previous command delivered again with nobody waiting for it (a producer's retry, Messenger's). */
    Outcome whenRedeliveredWithoutCaller() {
        return whenCommand(Command.newBuilder(last).setReplyTo(null).setIssuedAt(clock).build());
    }

    private Outcome whenCommand(Command command) {
        Turn turn = apply(command);
        return new Outcome(turn, session, filling);
    }

    private Command command(Object payload) {
        Command command = EngineHarness.command(bot, "cmd-" + (++commandCount), SESSION, channel, clock, payload)
                .setReplyTo(CALLER)
                .build();
        sent.put(command.getCommandId(), command);
        return command;
    }

    private Turn apply(Command command) {
        // Each turn reads its own copies, as decoded from the stores.
        SessionState read = session == null ? null : SessionState.newBuilder(session).build();
        SlotFilling readFilling = read == null || filling == null ? null : SlotFilling.newBuilder(filling).build();
        Turn turn = decisions.decide(known, read, readFilling, command);
        if (turn.removed()) {
            session = null;
            filling = null;
        } else if (turn.session() != null) {
            session = turn.session();
        }
        if (turn.filling() != null) {
            filling = turn.filling();
        }
        last = command;
        lastTurn = turn;
        return turn;
    }

    /** What one command decided, and the state it left. */
    static final class Outcome {
        private final Turn turn;
        private final SessionState session;
        private final SlotFilling filling;

        private Outcome(Turn turn, SessionState session, SlotFilling filling) {
            this.turn = turn;
            this.session = session;
            this.filling = filling;
        }

        /** The turn's events, by payload type and in order. */
        Outcome expectEvents(Class<?>... payloadTypes) {
            assertThat(turn.events()).extracting(event -> (Object) event.getPayload().getClass())
                    .containsExactly((Object[]) payloadTypes);
            return this;
        }

        Outcome expectNoEvents() {
            assertThat(turn.events()).isEmpty();
            return this;
        }

        <T> Outcome expectEvent(Class<T> payloadType, Consumer<T> check) {
            List<T> found = new ArrayList<>();
            for (ConversationEvent event : turn.events()) {
                if (payloadType.isInstance(event.getPayload())) {
                    found.add(payloadType.cast(event.getPayload()));
                }
            }
            assertThat(found).as("events of type %s", payloadType.getSimpleName()).singleElement().satisfies(check::accept);
            return this;
        }

        Outcome expectReply(Consumer<BotReply> check) {
            assertThat(turn.reply()).as("reply").isNotNull().satisfies(check::accept);
            return this;
        }

        /** The reply's messages, in order. */
        Outcome expectSaid(String... messages) {
            return expectReply(reply -> assertThat(reply.getMessages()).extracting(message -> message.getContent())
                    .containsExactly(messages));
        }

        Outcome expectRejected(ReplyStatus status) {
            return expectReply(reply -> assertThat(reply.getStatus()).isEqualTo(status));
        }

        Outcome expectNoReply() {
            assertThat(turn.reply()).as("reply").isNull();
            return this;
        }

        Outcome expectSession(Consumer<SessionState> check) {
            assertThat(session).as("session after the turn").isNotNull().satisfies(check::accept);
            return this;
        }

        Outcome expectSessionRemoved() {
            assertThat(turn.removed()).as("session removed").isTrue();
            return this;
        }

        /** The store is left as it was: the turn moved nothing. */
        Outcome expectSessionUntouched() {
            assertThat(turn.session()).as("session written").isNull();
            assertThat(turn.removed()).as("session removed").isFalse();
            return this;
        }

        Outcome expectFilling(Consumer<SlotFilling> check) {
            assertThat(filling).as("module state after the turn").isNotNull().satisfies(check::accept);
            return this;
        }

        Outcome expectAi(Consumer<AiRequest> check) {
            assertThat(turn.ai()).as("AI request").isNotNull().satisfies(check::accept);
            return this;
        }

        Outcome expectWebhook(Consumer<WebhookRequest> check) {
            assertThat(turn.webhook()).as("webhook call").isNotNull().satisfies(check::accept);
            return this;
        }

        Outcome expectDocument(Consumer<DocumentRequest> check) {
            assertThat(turn.document()).as("document request").isNotNull().satisfies(check::accept);
            return this;
        }

        /** Nothing to fetch, call or read in the background. */
        Outcome expectNoBackgroundWork() {
            assertThat(turn.ai()).as("AI request").isNull();
            assertThat(turn.webhook()).as("webhook call").isNull();
            assertThat(turn.document()).as("document request").isNull();
            return this;
        }
    }
}
