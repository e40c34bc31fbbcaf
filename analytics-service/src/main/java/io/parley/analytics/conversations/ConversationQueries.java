package io.parley.analytics.conversations;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import io.parley.analytics.topology.AnalyticsStreams;
import io.parley.analytics.topology.AnalyticsTopology;
import io.parley.avro.ConversationSummary;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.springframework.stereotype.Component;

/** The conversations this instance follows, read from its store with interactive queries (IQv2). */
@Component
public class ConversationQueries {

    private final AnalyticsStreams streams;

    ConversationQueries(AnalyticsStreams streams) {
        this.streams = streams;
    }

    public Optional<ConversationSummary> find(String sessionId) {
        StateQueryResult<ConversationSummary> result = streams.queryable().query(StateQueryRequest.inStore(AnalyticsTopology.CONVERSATIONS_STORE)
                .withQuery(KeyQuery.<String, ConversationSummary>withKey(sessionId)));
        return result.getPartitionResults().values().stream()
                .filter(QueryResult::isSuccess)
                .map(QueryResult::getResult)
                .filter(summary -> summary != null)
                .findFirst();
    }

    /** Every conversation that passes {@code filter} (a scan of the store: the console's list is bounded by the retention). */
    public List<ConversationSummary> matching(Predicate<ConversationSummary> filter) {
        StateQueryResult<KeyValueIterator<String, ConversationSummary>> result = streams.queryable()
                .query(StateQueryRequest.inStore(AnalyticsTopology.CONVERSATIONS_STORE)
                        .withQuery(RangeQuery.<String, ConversationSummary>withNoBounds()));
        List<ConversationSummary> found = new ArrayList<>();
        for (QueryResult<KeyValueIterator<String, ConversationSummary>> partition : result.getPartitionResults().values()) {
            if (!partition.isSuccess()) {
                continue;
            }
            try (KeyValueIterator<String, ConversationSummary> all = partition.getResult()) {
                while (all.hasNext()) {
                    KeyValue<String, ConversationSummary> next = all.next();
                    if (filter.test(next.value)) {
                        found.add(next.value);
                    }
                }
            }
        }
        return found;
    }
}
