package io.parley.analytics.metrics;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BinaryOperator;

import io.parley.avro.BotActivity;
import io.parley.avro.BotMetricsState;
import io.parley.avro.CallFinished;
import io.parley.avro.CallState;
import io.parley.avro.ConversationClosed;
import io.parley.avro.ConversationOpened;
import io.parley.avro.ModuleFunnel;
import io.parley.avro.ModuleProgress;
import io.parley.avro.SlotStep;
import io.parley.avro.TurnAnswered;
import io.parley.avro.TurnClassified;
import io.parley.avro.TurnTaken;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * Adds a bot's facts into the state of a window, and merges two windows' states: tallies add up,
 * and the sketches (Apache DataSketches: HLL for distinct users, KLL for latency quantiles, frequent
 * items for missed utterances) merge without losing their error bounds, so figures over any range
 * come from the windows that cover it. Pure, and mutates only the state it is given.
 */
public final class BotMetricsAccumulator {

    /** HLL precision: about 3% error on distinct users, 1 KB a window. */
    static final int HLL_LG_K = 10;
    /** KLL accuracy: ranks within about 1.3%. */
    static final int KLL_K = 200;
    /** Distinct missed texts a window tracks; the most frequent ones are exact while fewer than this were seen. */
    static final int MISSED_MAP_SIZE = 128;
    private static final ArrayOfStringsSerDe STRINGS = new ArrayOfStringsSerDe();

    private BotMetricsAccumulator() {
    }

    /** A window's state before its first fact. */
    public static BotMetricsState empty() {
        return BotMetricsState.newBuilder().build();
    }

    /** Counts {@code fact} into {@code state} and returns it. */
    public static BotMetricsState add(BotMetricsState state, BotActivity fact) {
        Object payload = fact.getPayload();
        String channel = fact.getChannel().name();
        String language = fact.getLanguage() == null ? "unknown" : fact.getLanguage();
        if (payload instanceof ConversationOpened opened) {
            state.setConversations(state.getConversations() + 1);
            increment(state.getConversationsByChannel(), channel, 1);
            increment(state.getConversationsByLanguage(), language, 1);
            HllSketch users = state.getUsers() == null ? new HllSketch(HLL_LG_K) : HllSketch.heapify(Memory.wrap(bytes(state.getUsers())));
            users.update(opened.getUser());
            state.setUsers(ByteBuffer.wrap(users.toCompactByteArray()));
        } else if (payload instanceof TurnTaken) {
            state.setTurns(state.getTurns() + 1);
            increment(state.getTurnsByChannel(), channel, 1);
            increment(state.getTurnsByLanguage(), language, 1);
        } else if (payload instanceof TurnClassified classified) {
            state.setClassifiedTurns(state.getClassifiedTurns() + 1);
            if (classified.getFellBack()) {
                state.setFallbackTurns(state.getFallbackTurns() + 1);
                if (classified.getText() != null && !classified.getText().isBlank()) {
                    ItemsSketch<String> missed = missed(state);
                    missed.update(classified.getText().strip().toLowerCase(Locale.ROOT));
                    state.setMissed(ByteBuffer.wrap(missed.toByteArray(STRINGS)));
                }
            } else if (classified.getIntent() != null) {
                increment(state.getIntentCounts(), classified.getIntent(), 1);
                state.getIntentConfidenceSums().merge(classified.getIntent(), classified.getConfidence(), Double::sum);
            }
        } else if (payload instanceof TurnAnswered answered) {
            state.setAnsweredTurns(state.getAnsweredTurns() + 1);
            state.setLatency(withValue(state.getLatency(), answered.getLatencyMillis()));
        } else if (payload instanceof ConversationClosed closed) {
            increment(state.getOutcomes(), closed.getOutcome().name(), 1);
            state.setDurationMillisTotal(state.getDurationMillisTotal() + closed.getDurationMillis());
            state.setTurnsOfEnded(state.getTurnsOfEnded() + closed.getTurns());
        } else if (payload instanceof ModuleProgress progress) {
            addModuleStep(state, progress);
        } else if (payload instanceof CallFinished call) {
            CallState tally = state.getCalls().computeIfAbsent(call.getTarget(), target -> CallState.newBuilder().build());
            if (call.getDelivered()) {
                tally.setDelivered(tally.getDelivered() + 1);
            } else {
                tally.setFailed(tally.getFailed() + 1);
            }
            if (call.getAttempts() > 1) {
                tally.setRetried(tally.getRetried() + 1);
            }
            if (call.getLatencyMillis() != null) {
                tally.setLatency(withValue(tally.getLatency(), call.getLatencyMillis()));
            }
        }
        return state;
    }

    /** {@code a} and {@code b} as one state (neither is changed). */
    public static BotMetricsState merge(BotMetricsState a, BotMetricsState b) {
        BotMetricsState sum = BotMetricsState.newBuilder(a).build();
        sum.setConversations(a.getConversations() + b.getConversations());
        sum.setTurns(a.getTurns() + b.getTurns());
        sum.setConversationsByChannel(sum(a.getConversationsByChannel(), b.getConversationsByChannel(), Long::sum));
        sum.setConversationsByLanguage(sum(a.getConversationsByLanguage(), b.getConversationsByLanguage(), Long::sum));
        sum.setTurnsByChannel(sum(a.getTurnsByChannel(), b.getTurnsByChannel(), Long::sum));
        sum.setTurnsByLanguage(sum(a.getTurnsByLanguage(), b.getTurnsByLanguage(), Long::sum));
        sum.setOutcomes(sum(a.getOutcomes(), b.getOutcomes(), Long::sum));
        sum.setDurationMillisTotal(a.getDurationMillisTotal() + b.getDurationMillisTotal());
        sum.setTurnsOfEnded(a.getTurnsOfEnded() + b.getTurnsOfEnded());
        sum.setClassifiedTurns(a.getClassifiedTurns() + b.getClassifiedTurns());
        sum.setFallbackTurns(a.getFallbackTurns() + b.getFallbackTurns());
        sum.setIntentCounts(sum(a.getIntentCounts(), b.getIntentCounts(), Long::sum));
        sum.setIntentConfidenceSums(sum(a.getIntentConfidenceSums(), b.getIntentConfidenceSums(), Double::sum));
        sum.setAnsweredTurns(a.getAnsweredTurns() + b.getAnsweredTurns());
        sum.setUsers(mergeUsers(a.getUsers(), b.getUsers()));
        sum.setLatency(mergeLatency(a.getLatency(), b.getLatency()));
        sum.setMissed(mergeMissed(a.getMissed(), b.getMissed()));
        sum.setModules(sum(a.getModules(), b.getModules(), BotMetricsAccumulator::mergeFunnel));
        sum.setCalls(sum(a.getCalls(), b.getCalls(), (x, y) -> new CallState(x.getDelivered() + y.getDelivered(),
                x.getFailed() + y.getFailed(), x.getRetried() + y.getRetried(), mergeLatency(x.getLatency(), y.getLatency()))));
        return sum;
    }

    /** The distinct users estimate. */
    static long distinctUsers(BotMetricsState state) {
        return state.getUsers() == null ? 0 : Math.round(HllSketch.heapify(Memory.wrap(bytes(state.getUsers()))).getEstimate());
    }

    /** The latency sketch, or null when nothing was measured. */
    static KllDoublesSketch latency(ByteBuffer sketch) {
        return sketch == null ? null : KllDoublesSketch.heapify(Memory.wrap(bytes(sketch)));
    }

    /** The frequent-items sketch of missed texts (a new one when there is none). */
    static ItemsSketch<String> missed(BotMetricsState state) {
        return state.getMissed() == null ? new ItemsSketch<>(MISSED_MAP_SIZE)
                : ItemsSketch.getInstance(Memory.wrap(bytes(state.getMissed())), STRINGS);
    }

    private static void addModuleStep(BotMetricsState state, ModuleProgress progress) {
        ModuleFunnel funnel = state.getModules().computeIfAbsent(Long.toString(progress.getModuleId()),
                id -> new ModuleFunnel(progress.getModuleId(), progress.getModuleName(), 0L, 0L, new ArrayList<>()));
        if (funnel.getModuleName() == null) {
            funnel.setModuleName(progress.getModuleName());
        }
        switch (progress.getStep()) {
            case STARTED -> funnel.setStarted(funnel.getStarted() + 1);
            case COMPLETED -> funnel.setCompleted(funnel.getCompleted() + 1);
            case SLOT_FILLED, SLOT_REJECTED -> {
                SlotStep slot = slot(funnel, progress.getSlotId());
                if (progress.getStep() == io.parley.avro.ModuleStep.SLOT_FILLED) {
                    slot.setFilled(slot.getFilled() + 1);
                } else {
                    slot.setRejected(slot.getRejected() + 1);
                }
            }
            default -> {
                // A step this version does not know: not counted.
            }
        }
    }

    private static SlotStep slot(ModuleFunnel funnel, Long slotId) {
        long id = slotId == null ? -1 : slotId;
        for (SlotStep step : funnel.getSlots()) {
            if (step.getSlotId() == id) {
                return step;
            }
        }
        SlotStep step = new SlotStep(id, 0L, 0L);
        List<SlotStep> slots = new ArrayList<>(funnel.getSlots());
        slots.add(step);
        slots.sort(Comparator.comparingLong(SlotStep::getSlotId));
        funnel.setSlots(slots);
        return step;
    }

    private static ModuleFunnel mergeFunnel(ModuleFunnel a, ModuleFunnel b) {
        ModuleFunnel sum = new ModuleFunnel(a.getModuleId(), a.getModuleName() != null ? a.getModuleName() : b.getModuleName(),
                a.getStarted() + b.getStarted(), a.getCompleted() + b.getCompleted(), new ArrayList<>());
        for (SlotStep step : a.getSlots()) {
            SlotStep into = slot(sum, step.getSlotId());
            into.setFilled(into.getFilled() + step.getFilled());
            into.setRejected(into.getRejected() + step.getRejected());
        }
        for (SlotStep step : b.getSlots()) {
            SlotStep into = slot(sum, step.getSlotId());
            into.setFilled(into.getFilled() + step.getFilled());
            into.setRejected(into.getRejected() + step.getRejected());
        }
        return sum;
    }

    private static ByteBuffer withValue(ByteBuffer sketch, long value) {
        KllDoublesSketch kll = sketch == null ? KllDoublesSketch.newHeapInstance(KLL_K) : latency(sketch);
        kll.update(value);
        return ByteBuffer.wrap(kll.toByteArray());
    }

    private static ByteBuffer mergeLatency(ByteBuffer a, ByteBuffer b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        KllDoublesSketch sum = latency(a);
        sum.merge(latency(b));
        return ByteBuffer.wrap(sum.toByteArray());
    }

    private static ByteBuffer mergeUsers(ByteBuffer a, ByteBuffer b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        Union union = new Union(HLL_LG_K);
        union.update(HllSketch.heapify(Memory.wrap(bytes(a))));
        union.update(HllSketch.heapify(Memory.wrap(bytes(b))));
        return ByteBuffer.wrap(union.getResult().toCompactByteArray());
    }

    private static ByteBuffer mergeMissed(ByteBuffer a, ByteBuffer b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        ItemsSketch<String> sum = ItemsSketch.getInstance(Memory.wrap(bytes(a)), STRINGS);
        sum.merge(ItemsSketch.getInstance(Memory.wrap(bytes(b)), STRINGS));
        return ByteBuffer.wrap(sum.toByteArray(STRINGS));
    }

    private static <V> Map<String, V> sum(Map<String, V> a, Map<String, V> b, BinaryOperator<V> add) {
        Map<String, V> sum = new HashMap<>(a);
        b.forEach((key, value) -> sum.merge(key, value, add));
        return sum;
    }

    private static void increment(Map<String, Long> counts, String key, long by) {
        counts.merge(key, by, Long::sum);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }
}
