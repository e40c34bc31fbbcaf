package io.parley.analytics.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.parley.analytics.conversations.ConversationTracker;
import io.parley.avro.BotActivity;
import io.parley.avro.ConversationSummary;
import io.parley.topics.Topics;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Feeds one input of a conversation (its events, its replies or its receipts) to the
 * {@link ConversationTracker}, keeps the conversation's summary in the shared store and forwards the
 * facts it yields, keyed by bot and stamped with the time they happened (the window they count in).
 */
final class ConversationFollower<V> implements Processor<String, V, String, BotActivity> {

    /** How one input moves a conversation on. */
    @FunctionalInterface
    interface Rule<V> {
        ConversationTracker.Step apply(ConversationSummary summary, Record<String, V> record);
    }

    private static final Duration SWEEP_INTERVAL = Duration.ofHours(1);

    private final Rule<V> rule;
    private final Duration retention;
    private ProcessorContext<String, BotActivity> context;
    private KeyValueStore<String, ConversationSummary> conversations;

    /** @param retention how long an ended (or silent) conversation stays in the store; null: another follower sweeps */
    ConversationFollower(Rule<V> rule, Duration retention) {
        this.rule = rule;
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<String, BotActivity> context) {
        this.context = context;
        this.conversations = context.getStateStore(AnalyticsTopology.CONVERSATIONS_STORE);
        if (retention != null) {
            context.schedule(SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> sweep(Instant.ofEpochMilli(now)));
        }
    }

    @Override
    public void process(Record<String, V> record) {
        if (record.key() == null || record.value() == null || rehearsal(record.headers())) {
            return;
        }
        ConversationSummary summary = conversations.get(record.key());
        ConversationTracker.Step step = rule.apply(summary, record);
        if (step.summary() != null && step.summary() != summary) {
            conversations.put(record.key(), step.summary());
        }
        for (BotActivity fact : step.facts()) {
            context.forward(new Record<>(Topics.botKey(fact.getCompany(), fact.getBotId()), fact, fact.getOccurredAt().toEpochMilli()));
        }
    }

    /** Replayed or what-if records are not traffic. */
    static boolean rehearsal(Headers headers) {
        Header origin = headers.lastHeader(Topics.ORIGIN_HEADER);
        return origin != null;
    }

    private void sweep(Instant now) {
        Instant before = now.minus(retention);
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, ConversationSummary> all = conversations.all()) {
            while (all.hasNext()) {
                KeyValue<String, ConversationSummary> entry = all.next();
                if (entry.value.getLastActivityAt().isBefore(before)) {
                    old.add(entry.key);
                }
            }
        }
        old.forEach(conversations::delete);
    }
}
