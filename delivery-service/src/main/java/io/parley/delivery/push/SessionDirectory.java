package io.parley.delivery.push;

import java.util.Optional;

import io.parley.avro.SessionEntry;
import io.parley.delivery.DeliveryKafkaConfig;
import io.parley.topics.CompactedTopicView;
import io.parley.topics.HasTopicView;
import io.parley.topics.Topics;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/** The live sessions, read from the compacted sessions topic: which exist, and whose they are. */
@Component
class SessionDirectory implements DisposableBean, HasTopicView {

    private final CompactedTopicView<SessionEntry> sessions;

    SessionDirectory(DeliveryKafkaConfig.Followers followers) {
        this.sessions = new CompactedTopicView<>(followers.follower(Topics.SESSIONS), Topics.SESSIONS);
    }

    Optional<SessionEntry> find(String sessionId) {
        return sessions.get(sessionId);
    }

    @Override
    public CompactedTopicView<?> topicView() {
        return sessions;
    }

    @Override
    public void destroy() {
        sessions.close();
    }
}
