package io.parley.delivery.push;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.parley.avro.BotReply;
import io.parley.delivery.DeliveryKafkaConfig;
import io.parley.topics.TopicFollower;
import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Every reply as it is committed, fanned out to the streams open for its session. Every instance
 * reads every partition, so a browser may be connected to any instance; a reply is decoded only when a
 * stream for its session is open here, so an instance's cost follows its own browsers, not all traffic.
 * Missed replies are read back from the log: a reply's place there (partition, offset) is its event id.
 */
@Component
class ReplyStream implements DisposableBean {

    private final Map<String, List<Consumer<ConsumerRecord<String, BotReply>>>> listeners = new ConcurrentHashMap<>();
    private final DeliveryKafkaConfig.Followers followers;
    private final Deserializer<BotReply> replies;
    private final TopicFollower<String, byte[]> follower;

    ReplyStream(DeliveryKafkaConfig.Followers followers) {
        this.followers = followers;
        this.replies = followers.values(Topics.REPLIES);
        this.follower = new TopicFollower<>(followers.undecodedFollower(), Topics.REPLIES.name(),
                TopicFollower.StartAt.END, this::dispatch).start();
    }

    /** Live replies of {@code sessionId} from now on, until the returned handle is closed. */
    AutoCloseable subscribe(String sessionId, Consumer<ConsumerRecord<String, BotReply>> listener) {
        listeners.computeIfAbsent(sessionId, id -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.computeIfPresent(sessionId, (id, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    /**
     * Whether the replies topic has this partition: a resume naming another one is refused before any
     * read. The follower knows the partitions it reads; nothing is asked of the broker per request.
     */
    boolean hasPartition(int partition) {
        return partition >= 0 && partition < follower.partitionCount();
    }

    /** The session's replies after {@code offset} on {@code partition}, up to the end as it is now. */
    List<ConsumerRecord<String, BotReply>> after(String sessionId, int partition, long offset) {
        List<ConsumerRecord<String, BotReply>> missed = new ArrayList<>();
        TopicPartition place = new TopicPartition(Topics.REPLIES.name(), partition);
        try (KafkaConsumer<String, BotReply> consumer = followers.follower(Topics.REPLIES)) {
            consumer.assign(List.of(place));
            consumer.seek(place, offset + 1);
            long end = consumer.endOffsets(List.of(place)).get(place);
            while (consumer.position(place) < end) {
                for (ConsumerRecord<String, BotReply> record : consumer.poll(Duration.ofMillis(200))) {
                    if (sessionId.equals(record.key())) {
                        missed.add(record);
                    }
                }
            }
        }
        return missed;
    }

    private void dispatch(ConsumerRecord<String, byte[]> record) {
        List<Consumer<ConsumerRecord<String, BotReply>>> forSession = listeners.get(record.key());
        if (forSession == null) {
            return;
        }
        // An unreadable reply throws here; the follower logs it and goes on with the next one.
        ConsumerRecord<String, BotReply> decoded = new ConsumerRecord<>(record.topic(), record.partition(),
                record.offset(), record.key(), replies.deserialize(record.topic(), record.value()));
        forSession.forEach(listener -> listener.accept(decoded));
    }

    @Override
    public void destroy() {
        follower.close();
    }
}
