package io.parley.analytics.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.parley.avro.BotMetrics;
import io.parley.avro.BotMetricsState;
import io.parley.avro.CallState;
import io.parley.avro.CallTally;
import io.parley.avro.ConversationOutcome;
import io.parley.avro.IntentTally;
import io.parley.avro.MissedUtterance;
import io.parley.avro.ModuleFunnel;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;

/** A window's figures as bot owners and outside tools read them, computed from its accumulated state. */
public final class BotMetricsReport {

    /** Missed utterances listed per window. */
    static final int TOP_MISSED = 20;

    private BotMetricsReport() {
    }

    public static BotMetrics of(String company, long botId, String windowSize, Instant start, Instant end, BotMetricsState state) {
        long completed = outcome(state, ConversationOutcome.COMPLETED);
        long abandoned = outcome(state, ConversationOutcome.ABANDONED);
        long fellBack = outcome(state, ConversationOutcome.FELL_BACK);
        long escalated = outcome(state, ConversationOutcome.ESCALATED);
        long ended = state.getOutcomes().values().stream().mapToLong(Long::longValue).sum();
        KllDoublesSketch latency = BotMetricsAccumulator.latency(state.getLatency());
        return BotMetrics.newBuilder()
                .setCompany(company)
                .setBotId(botId)
                .setWindowSize(windowSize)
                .setWindowStartAt(start)
                .setWindowEndAt(end)
                .setConversations(state.getConversations())
                .setTurns(state.getTurns())
                .setDistinctUsers(BotMetricsAccumulator.distinctUsers(state))
                .setConversationsByChannel(state.getConversationsByChannel())
                .setConversationsByLanguage(state.getConversationsByLanguage())
                .setTurnsByChannel(state.getTurnsByChannel())
                .setTurnsByLanguage(state.getTurnsByLanguage())
                .setEnded(ended)
                .setCompleted(completed)
                .setAbandoned(abandoned)
                .setFellBack(fellBack)
                .setEscalated(escalated)
                // Contained: the bot kept the conversation to its end without a person or a dead end of fallbacks.
                .setContainmentRate(ended == 0 ? null : (double) (completed + abandoned) / ended)
                .setMeanDurationSeconds(ended == 0 ? null : state.getDurationMillisTotal() / 1000.0 / ended)
                .setMeanTurnsPerConversation(ended == 0 ? null : (double) state.getTurnsOfEnded() / ended)
                .setFallbackTurns(state.getFallbackTurns())
                .setFallbackRate(state.getClassifiedTurns() == 0 ? null : (double) state.getFallbackTurns() / state.getClassifiedTurns())
                .setIntents(intents(state))
                .setMissedUtterances(missed(state))
                .setModules(modules(state))
                .setCalls(calls(state.getCalls()))
                .setAnsweredTurns(state.getAnsweredTurns())
                .setLatencyP50Millis(quantile(latency, 0.5))
                .setLatencyP90Millis(quantile(latency, 0.9))
                .setLatencyP99Millis(quantile(latency, 0.99))
                .setLatencyMaxMillis(latency == null ? null : latency.getMaxItem())
                .build();
    }

    private static long outcome(BotMetricsState state, ConversationOutcome outcome) {
        return state.getOutcomes().getOrDefault(outcome.name(), 0L);
    }

    private static List<IntentTally> intents(BotMetricsState state) {
        List<IntentTally> intents = new ArrayList<>();
        state.getIntentCounts().forEach((intent, count) -> intents.add(new IntentTally(intent, count,
                state.getIntentConfidenceSums().getOrDefault(intent, 0.0) / count)));
        intents.sort(Comparator.comparingLong(IntentTally::getCount).reversed().thenComparing(IntentTally::getIntent));
        return intents;
    }

    private static List<MissedUtterance> missed(BotMetricsState state) {
        if (state.getMissed() == null) {
            return List.of();
        }
        ItemsSketch<String> sketch = BotMetricsAccumulator.missed(state);
        return Arrays.stream(sketch.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES))
                .sorted(Comparator.comparingLong((ItemsSketch.Row<String> row) -> row.getEstimate()).reversed()
                        .thenComparing(ItemsSketch.Row::getItem))
                .limit(TOP_MISSED)
                .map(row -> new MissedUtterance(row.getItem(), row.getEstimate()))
                .toList();
    }

    private static List<ModuleFunnel> modules(BotMetricsState state) {
        return state.getModules().values().stream().sorted(Comparator.comparingLong(ModuleFunnel::getModuleId)).toList();
    }

    private static List<CallTally> calls(Map<String, CallState> calls) {
        return calls.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> {
                    KllDoublesSketch latency = BotMetricsAccumulator.latency(entry.getValue().getLatency());
                    return new CallTally(entry.getKey(), entry.getValue().getDelivered(), entry.getValue().getFailed(),
                            entry.getValue().getRetried(), quantile(latency, 0.5), quantile(latency, 0.99));
                })
                .toList();
    }

    private static Double quantile(KllDoublesSketch sketch, double rank) {
        return sketch == null || sketch.isEmpty() ? null : sketch.getQuantile(rank);
    }
}
