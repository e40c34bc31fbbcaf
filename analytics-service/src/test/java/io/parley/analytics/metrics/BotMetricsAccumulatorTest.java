package io.parley.analytics.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.parley.avro.BotActivity;
import io.parley.avro.BotMetrics;
import io.parley.avro.BotMetricsState;
import io.parley.avro.CallFinished;
import io.parley.avro.Channel;
import io.parley.avro.ConversationClosed;
import io.parley.avro.ConversationOpened;
import io.parley.avro.ConversationOutcome;
import io.parley.avro.IntentTally;
import io.parley.avro.MissedUtterance;
import io.parley.avro.ModuleProgress;
import io.parley.avro.ModuleStep;
import io.parley.avro.SlotStep;
import io.parley.avro.TurnAnswered;
import io.parley.avro.TurnClassified;
import io.parley.avro.TurnTaken;
import org.junit.jupiter.api.Test;

/** Facts into a window's figures, and two windows into one: what every chart and the metrics topic show. No broker. */
class BotMetricsAccumulatorTest {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    @Test
    void theFiguresOfAWindowComeFromItsFacts() {
        BotMetrics figures = report(count(facts()));

        assertThat(figures.getConversations()).isEqualTo(4);
        assertThat(figures.getDistinctUsers()).isEqualTo(3);
        assertThat(figures.getConversationsByChannel()).containsEntry("WEB", 3L).containsEntry("API", 1L);
        assertThat(figures.getConversationsByLanguage()).containsEntry("en-GB", 3L).containsEntry("fr-FR", 1L);
        assertThat(figures.getTurns()).isEqualTo(5);
        assertThat(figures.getFallbackTurns()).isEqualTo(3);
        assertThat(figures.getFallbackRate()).isCloseTo(3.0 / 5, within(1e-9));
        assertThat(figures.getIntents()).containsExactly(new IntentTally("pricing", 2L, 0.8));
        assertThat(figures.getMissedUtterances()).containsExactly(new MissedUtterance("blorp", 2L), new MissedUtterance("zib", 1L));
        assertThat(figures.getEnded()).isEqualTo(4);
        assertThat(figures.getCompleted()).isEqualTo(1);
        assertThat(figures.getAbandoned()).isEqualTo(1);
        assertThat(figures.getFellBack()).isEqualTo(1);
        assertThat(figures.getEscalated()).isEqualTo(1);
        assertThat(figures.getContainmentRate()).isEqualTo(0.5);
        assertThat(figures.getMeanDurationSeconds()).isEqualTo(25.0);
        assertThat(figures.getMeanTurnsPerConversation()).isEqualTo(1.25);
        assertThat(figures.getModules()).singleElement().satisfies(funnel -> {
            assertThat(funnel.getStarted()).isEqualTo(2);
            assertThat(funnel.getCompleted()).isEqualTo(1);
            assertThat(funnel.getSlots()).containsExactly(new SlotStep(11L, 2L, 1L), new SlotStep(12L, 1L, 0L));
        });
        assertThat(figures.getCalls()).singleElement().satisfies(call -> {
            assertThat(call.getTarget()).isEqualTo("WEBHOOK");
            assertThat(call.getDelivered()).isEqualTo(1);
            assertThat(call.getFailed()).isEqualTo(1);
            assertThat(call.getRetried()).isEqualTo(1);
            assertThat(call.getLatencyP50Millis()).isNotNull();
        });
        assertThat(figures.getAnsweredTurns()).isEqualTo(100);
        assertThat(figures.getLatencyP50Millis()).isCloseTo(50.0, within(3.0));
        assertThat(figures.getLatencyP99Millis()).isCloseTo(99.0, within(3.0));
        assertThat(figures.getLatencyMaxMillis()).isEqualTo(100.0);
    }

    @Test
    void twoWindowsMergedAreTheWindowOfAllTheirFacts() {
        List<BotActivity> all = facts();
        BotMetricsState first = count(all.subList(0, all.size() / 2));
        BotMetricsState second = count(all.subList(all.size() / 2, all.size()));
        long firstAnswered = first.getAnsweredTurns();

        BotMetrics merged = report(BotMetricsAccumulator.merge(first, second));

        BotMetrics whole = report(count(all));
        assertThat(merged.getConversations()).isEqualTo(whole.getConversations());
        assertThat(merged.getDistinctUsers()).isEqualTo(whole.getDistinctUsers());
        assertThat(merged.getIntents()).isEqualTo(whole.getIntents());
        assertThat(merged.getMissedUtterances()).isEqualTo(whole.getMissedUtterances());
        assertThat(merged.getModules()).isEqualTo(whole.getModules());
        assertThat(merged.getCalls()).isEqualTo(whole.getCalls());
        assertThat(merged.getContainmentRate()).isEqualTo(whole.getContainmentRate());
        assertThat(merged.getLatencyP50Millis()).isCloseTo(whole.getLatencyP50Millis(), within(3.0));
        // Merging leaves its inputs as they were.
        assertThat(merged.getAnsweredTurns()).isEqualTo(100);
        assertThat(first.getAnsweredTurns()).isEqualTo(firstAnswered).isLessThan(100);
    }

    private static List<BotActivity> facts() {
        List<BotActivity> facts = new ArrayList<>();
        facts.add(fact(Channel.WEB, "en-GB", new ConversationOpened("ann")));
        facts.add(fact(Channel.WEB, "en-GB", new ConversationOpened("ann")));
        facts.add(fact(Channel.WEB, "en-GB", new ConversationOpened("bob")));
        facts.add(fact(Channel.API, "fr-FR", new ConversationOpened("cy")));
        for (int i = 0; i < 5; i++) {
            facts.add(fact(Channel.WEB, "en-GB", new TurnTaken(false)));
        }
        facts.add(fact(Channel.WEB, "en-GB", new TurnClassified("pricing", 0.9, false, null)));
        facts.add(fact(Channel.WEB, "en-GB", new TurnClassified("pricing", 0.7, false, null)));
        facts.add(fact(Channel.WEB, "en-GB", new TurnClassified(null, 0.2, true, "Blorp ")));
        facts.add(fact(Channel.WEB, "en-GB", new TurnClassified(null, 0.2, true, "blorp")));
        facts.add(fact(Channel.WEB, "en-GB", new TurnClassified(null, 0.3, true, "zib")));
        facts.add(fact(Channel.WEB, "en-GB", new ConversationClosed(ConversationOutcome.COMPLETED, 40_000L, 3)));
        facts.add(fact(Channel.WEB, "en-GB", new ConversationClosed(ConversationOutcome.ABANDONED, 20_000L, 1)));
        facts.add(fact(Channel.WEB, "en-GB", new ConversationClosed(ConversationOutcome.FELL_BACK, 30_000L, 1)));
        facts.add(fact(Channel.API, "fr-FR", new ConversationClosed(ConversationOutcome.ESCALATED, 10_000L, 0)));
        facts.add(fact(Channel.WEB, "en-GB", new ModuleProgress(5L, "Claim", ModuleStep.STARTED, null)));
        facts.add(fact(Channel.WEB, "en-GB", new ModuleProgress(5L, "Claim", ModuleStep.SLOT_REJECTED, 11L)));
        facts.add(fact(Channel.WEB, "en-GB", new ModuleProgress(5L, "Claim", ModuleStep.SLOT_FILLED, 11L)));
        facts.add(fact(Channel.WEB, "en-GB", new ModuleProgress(5L, "Claim", ModuleStep.SLOT_FILLED, 12L)));
        facts.add(fact(Channel.WEB, "en-GB", new ModuleProgress(5L, "Claim", ModuleStep.COMPLETED, null)));
        facts.add(fact(Channel.WEB, "en-GB", new ModuleProgress(5L, "Claim", ModuleStep.STARTED, null)));
        facts.add(fact(Channel.WEB, "en-GB", new ModuleProgress(5L, "Claim", ModuleStep.SLOT_FILLED, 11L)));
        facts.add(fact(Channel.WEB, "en-GB", new CallFinished("WEBHOOK", true, 1, 120L)));
        facts.add(fact(Channel.WEB, "en-GB", new CallFinished("WEBHOOK", false, 4, 2500L)));
        for (int i = 1; i <= 100; i++) {
            facts.add(fact(Channel.WEB, "en-GB", new TurnAnswered((long) i)));
        }
        return facts;
    }

    private static BotMetricsState count(List<BotActivity> facts) {
        BotMetricsState state = BotMetricsAccumulator.empty();
        for (BotActivity fact : facts) {
            state = BotMetricsAccumulator.add(state, fact);
        }
        return state;
    }

    private static BotMetrics report(BotMetricsState state) {
        return BotMetricsReport.of("acme", 3L, "1h", T0, T0.plusSeconds(3600), state);
    }

    private static BotActivity fact(Channel channel, String language, Object payload) {
        return new BotActivity("acme", 3L, "s", T0, channel, language, payload);
    }
}
