package io.parley.delivery.push;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.parley.avro.SessionEntry;
import io.parley.delivery.DeliveryKafkaConfig;
import io.parley.topics.TopicFollower;
import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/** The live sessions, read from the compacted sessions topic: which exist, and whose they are. */
@Component
class SessionDirectory implements DisposableBean {

    private static final Duration CATCH_UP_WAIT = Duration.ofSeconds(10);

    private final Map<String, SessionEntry> sessions = new ConcurrentHashMap<>();
    private final TopicFollower<String, SessionEntry> follower;

    SessionDirectory(DeliveryKafkaConfig.Followers followers) {
        this.follower = new TopicFollower<>(followers.follower(Topics.SESSIONS), Topics.SESSIONS.name(),
                TopicFollower.StartAt.BEGINNING, this::onEntry).start();
    }

    Optional<SessionEntry> find(String sessionId) {
        try {
            if (!follower.awaitCaughtUp(CATCH_UP_WAIT)) {
                throw new IllegalStateException("the session directory has not caught up");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the session directory", e);
        }
        return Optional.ofNullable(sessions.get(sessionId));
    }

    private void onEntry(ConsumerRecord<String, SessionEntry> record) {
        if (record.value() == null) {
            sessions.remove(record.key());
        } else {
            sessions.put(record.key(), record.value());
        }
    }

    @Override
    public void destroy() {
        follower.close();
    }
}
