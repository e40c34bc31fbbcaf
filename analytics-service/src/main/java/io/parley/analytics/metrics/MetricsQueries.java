package io.parley.analytics.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.parley.analytics.topology.AnalyticsStreams;
import io.parley.analytics.topology.AnalyticsTopology;
import io.parley.avro.BotMetrics;
import io.parley.avro.BotMetricsState;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.query.WindowKeyQuery;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.springframework.stereotype.Component;

/** A bot's windows, read from this instance's window stores with interactive queries (IQv2). */
@Component
public class MetricsQueries {

    private final AnalyticsStreams streams;

    MetricsQueries(AnalyticsStreams streams) {
        this.streams = streams;
    }

    /** A bot's figures over a range: each window that starts in it, and all of them merged into one. */
    public record Range(List<BotMetrics> series, BotMetrics total) {
    }

    public Range range(String botKey, MetricsWindow window, Instant from, Instant to) {
        Map<Instant, BotMetricsState> states = states(botKey, window, from, to);
        List<BotMetrics> series = new ArrayList<>();
        BotMetricsState total = BotMetricsAccumulator.empty();
        for (Map.Entry<Instant, BotMetricsState> entry : states.entrySet()) {
            Instant start = entry.getKey();
            series.add(BotMetricsReport.of(AnalyticsTopology.company(botKey), AnalyticsTopology.botId(botKey), window.label(),
                    start, start.plus(window.size()), entry.getValue()));
            total = BotMetricsAccumulator.merge(total, entry.getValue());
        }
        BotMetrics merged = BotMetricsReport.of(AnalyticsTopology.company(botKey), AnalyticsTopology.botId(botKey), window.label(),
                from, to, total);
        return new Range(series, merged);
    }

    private Map<Instant, BotMetricsState> states(String botKey, MetricsWindow window, Instant from, Instant to) {
        KafkaStreams running = streams.queryable();
        StateQueryRequest<WindowStoreIterator<Object>> request = StateQueryRequest.inStore(window.storeName())
                .withQuery(WindowKeyQuery.<String, Object>withKeyAndWindowStartRange(botKey, from, to));
        StateQueryResult<WindowStoreIterator<Object>> result = running.query(request);
        Map<Instant, BotMetricsState> states = new TreeMap<>();
        for (QueryResult<WindowStoreIterator<Object>> partition : result.getPartitionResults().values()) {
            if (!partition.isSuccess()) {
                continue;
            }
            try (WindowStoreIterator<Object> windows = partition.getResult()) {
                while (windows.hasNext()) {
                    KeyValue<Long, Object> next = windows.next();
                    states.merge(Instant.ofEpochMilli(next.key), state(next.value), BotMetricsAccumulator::merge);
                }
            }
        }
        return states;
    }

    /** The DSL's window stores keep a timestamp beside the value; IQv2 may hand either back. */
    private static BotMetricsState state(Object stored) {
        return stored instanceof ValueAndTimestamp<?> stamped ? (BotMetricsState) stamped.value() : (BotMetricsState) stored;
    }
}
