package io.parley.analytics.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.parley.avro.BotActivity;
import io.parley.avro.BotMessage;
import io.parley.avro.BotReply;
import io.parley.avro.BotSaid;
import io.parley.avro.CallFinished;
import io.parley.avro.Channel;
import io.parley.avro.ConversationClosed;
import io.parley.avro.ConversationEvent;
import io.parley.avro.ConversationOpened;
import io.parley.avro.ConversationOutcome;
import io.parley.avro.ConversationSummary;
import io.parley.avro.DeliveryOutcome;
import io.parley.avro.DeliveryReceipt;
import io.parley.avro.DeliveryTarget;
import io.parley.avro.IntentFallback;
import io.parley.avro.IntentRecognised;
import io.parley.avro.Language;
import io.parley.avro.MessageType;
import io.parley.avro.ModuleCompleted;
import io.parley.avro.ModuleProgress;
import io.parley.avro.ModuleStarted;
import io.parley.avro.ModuleStep;
import io.parley.avro.SessionExpired;
import io.parley.avro.SessionStarted;
import io.parley.avro.SlotFilled;
import io.parley.avro.SlotFilling;
import io.parley.avro.SlotRejected;
import io.parley.avro.TurnAnswered;
import io.parley.avro.TurnClassified;
import io.parley.avro.TurnTaken;
import io.parley.avro.UserSaid;
import org.junit.jupiter.api.Test;

/** How a conversation's log becomes its bot's facts, and how each kind of ending is told apart. No broker. */
class ConversationTrackerTest {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private static final Language ENGLISH = new Language("English", "EN", "en-GB");

    private ConversationSummary summary;
    private final List<BotActivity> facts = new ArrayList<>();
    private int seconds;

    @Test
    void aStartOpensAConversationForTheUserOrElseTheSession() {
        event(new SessionStarted(Channel.WEB, null, ENGLISH));

        assertThat(summary.getChannel()).isEqualTo(Channel.WEB);
        assertThat(summary.getLanguage()).isEqualTo("en-GB");
        assertThat(facts).singleElement().satisfies(fact -> {
            assertThat(fact.getPayload()).isEqualTo(new ConversationOpened("s1"));
            assertThat(fact.getLanguage()).isEqualTo("en-GB");
            assertThat(fact.getOccurredAt()).isEqualTo(T0);
        });
    }

    @Test
    void aTurnThatFallsBackIsAMissedUtteranceAndOneUnderstoodIsAnIntent() {
        event(new SessionStarted(Channel.WEB, "u1", ENGLISH));
        event(new UserSaid("Blorp the zib?", "welcome", null, null));
        event(new IntentRecognised(null, 0.31, List.of(), IntentFallback.LOW_CONFIDENCE, null));
        event(new UserSaid("how much is it", "welcome", null, null));
        event(new IntentRecognised("pricing", 0.92, List.of(), null, null));

        assertThat(facts).extracting(BotActivity::getPayload).containsExactly(
                new ConversationOpened("u1"),
                new TurnTaken(false),
                new TurnClassified(null, 0.31, true, "Blorp the zib?"),
                new TurnTaken(false),
                new TurnClassified("pricing", 0.92, false, null));
        assertThat(summary.getTurns()).isEqualTo(2);
        assertThat(summary.getFallbacks()).isEqualTo(1);
        assertThat(summary.getConsecutiveFallbacks()).isZero();
    }

    @Test
    void anExpiryAfterRepeatedFallbacksFellBackAndOtherwiseWasAbandoned() {
        event(new SessionStarted(Channel.API, null, ENGLISH));
        fallback("what?");
        fallback("huh");
        event(new SessionExpired(T0.plusSeconds(seconds)));
        assertThat(closing()).isEqualTo(ConversationOutcome.FELL_BACK);

        summary = null;
        event(new SessionStarted(Channel.API, null, ENGLISH));
        fallback("what?");
        event(new SessionExpired(T0.plusSeconds(seconds)));
        assertThat(closing()).isEqualTo(ConversationOutcome.ABANDONED);
    }

    @Test
    void aReplyThatEndsTheConversationCompletesItUnlessItWasHandedOver() {
        event(new SessionStarted(Channel.WEB, null, ENGLISH));
        reply(true);
        assertThat(closing()).isEqualTo(ConversationOutcome.COMPLETED);

        summary = null;
        event(new SessionStarted(Channel.WEB, null, ENGLISH));
        event(new BotSaid("human", List.of(new BotMessage(MessageType.TEXT, "A person will take over.", List.of())), true));
        reply(true);
        assertThat(closing()).isEqualTo(ConversationOutcome.ESCALATED);
        // Ended: later traffic of the session is not counted again.
        int before = facts.size();
        event(new UserSaid("hello?", null, null, null));
        assertThat(facts).hasSize(before);
    }

    @Test
    void anExpiredConversationThatCompletedAModuleCountsAsCompleted() {
        event(new SessionStarted(Channel.WEB, null, ENGLISH));
        event(new ModuleStarted(7L, "Claim", 70L));
        event(new SlotRejected(71L, "x", "Please enter a number", false));
        event(new SlotFilled(71L, "42", false));
        event(new ModuleCompleted(new SlotFilling(), "key-1"));
        event(new SessionExpired(T0.plusSeconds(seconds)));

        assertThat(facts).extracting(BotActivity::getPayload).filteredOn(ModuleProgress.class::isInstance)
                .extracting(p -> ((ModuleProgress) p).getStep(), p -> ((ModuleProgress) p).getSlotId())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ModuleStep.STARTED, null),
                        org.assertj.core.groups.Tuple.tuple(ModuleStep.SLOT_REJECTED, 71L),
                        org.assertj.core.groups.Tuple.tuple(ModuleStep.SLOT_FILLED, 71L),
                        org.assertj.core.groups.Tuple.tuple(ModuleStep.COMPLETED, null));
        assertThat(closing()).isEqualTo(ConversationOutcome.COMPLETED);
    }

    @Test
    void aStartAfreshLeavesTheOpenConversationAbandoned() {
        event(new SessionStarted(Channel.WEB, null, ENGLISH));
        event(new UserSaid("hi", null, null, null));
        event(new SessionStarted(Channel.WEB, null, ENGLISH));

        assertThat(facts).extracting(BotActivity::getPayload).filteredOn(ConversationClosed.class::isInstance)
                .singleElement().satisfies(closed -> {
                    assertThat(((ConversationClosed) closed).getOutcome()).isEqualTo(ConversationOutcome.ABANDONED);
                    assertThat(((ConversationClosed) closed).getTurns()).isEqualTo(1);
                });
        assertThat(summary.getOutcome()).isNull();
        assertThat(summary.getTurns()).isZero();
    }

    @Test
    void aWebhookReceiptCarriesItsLatencyFromTheEventThatAskedForIt() {
        event(new SessionStarted(Channel.WEB, null, ENGLISH));
        event(new ModuleStarted(7L, "Claim", 70L));
        event(new ModuleCompleted(new SlotFilling(), "key-1"));
        Instant askedAt = T0.plusSeconds(seconds - 1);
        // The tree ends right after the module; the webhook's answer comes later.
        reply(true);

        ConversationTracker.Step step = ConversationTracker.onReceipt(summary, new DeliveryReceipt("s1", "acme", 3L, Channel.WEB,
                DeliveryTarget.WEBHOOK, "key-1", DeliveryOutcome.FAILED, 4, "answered 500", askedAt.plusMillis(2500)));

        assertThat(step.facts()).singleElement().extracting(BotActivity::getPayload)
                .isEqualTo(new CallFinished("WEBHOOK", false, 4, 2500L));
        assertThat(step.summary().getPendingCalls()).isEmpty();
        // A receipt of a call it did not see asked for still counts, without a latency.
        ConversationTracker.Step unknown = ConversationTracker.onReceipt(null, new DeliveryReceipt("s9", "acme", 3L, Channel.WEB,
                DeliveryTarget.WEB_PUSH, "c9", DeliveryOutcome.DELIVERED, 1, null, askedAt));
        assertThat(unknown.facts()).singleElement().extracting(BotActivity::getPayload)
                .isEqualTo(new CallFinished("WEB_PUSH", true, 1, null));
    }

    @Test
    void aReplysLatencyRunsFromTheCommandToItsAppendToTheLog() {
        event(new SessionStarted(Channel.WEB, null, ENGLISH));
        BotReply reply = reply(false);

        assertThat(facts.get(facts.size() - 1).getPayload()).isEqualTo(new TurnAnswered(37L));
        assertThat(facts.get(facts.size() - 1).getOccurredAt()).isEqualTo(reply.getRepliedAt());
    }

    private void fallback(String text) {
        event(new UserSaid(text, null, null, null));
        event(new IntentRecognised(null, 0.2, List.of(), IntentFallback.LOW_CONFIDENCE, null));
    }

    private ConversationOutcome closing() {
        return facts.stream().map(BotActivity::getPayload).filter(ConversationClosed.class::isInstance)
                .map(closed -> ((ConversationClosed) closed).getOutcome()).reduce((first, second) -> second).orElseThrow();
    }

    private void event(Object payload) {
        ConversationEvent event = ConversationEvent.newBuilder().setEventId("e" + seconds).setSessionId("s1").setCompany("acme")
                .setBotId(3L).setOccurredAt(T0.plusSeconds(seconds++)).setCausationId("c" + seconds).setPayload(payload).build();
        ConversationTracker.Step step = ConversationTracker.onEvent(summary, event);
        summary = step.summary();
        facts.addAll(step.facts());
    }

    private BotReply reply(boolean ended) {
        Instant issued = T0.plusSeconds(seconds++);
        BotReply reply = BotReply.newBuilder().setSessionId("s1").setCommandId("c" + seconds).setCompany("acme").setBotId(3L)
                .setRepliedAt(issued).setEnded(ended).build();
        ConversationTracker.Step step = ConversationTracker.onReply(summary, reply, issued.plusMillis(37));
        summary = step.summary();
        facts.addAll(step.facts());
        return reply;
    }
}
