package io.parley.ingest.conversation;

import java.util.Optional;

import io.parley.avro.SessionEntry;
import io.parley.topics.CompactedTopicView;
import io.parley.topics.HasTopicView;
import io.parley.topics.Topics;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/** The live sessions, from the compacted directory the engine writes: which exist, and whose bot they talk to. */
@Component
public class SessionDirectory implements DisposableBean, HasTopicView {

    private final CompactedTopicView<SessionEntry> sessions;

    SessionDirectory(KafkaClients clients) {
        this.sessions = new CompactedTopicView<>(clients.follower(Topics.SESSIONS), Topics.SESSIONS);
    }

    public Optional<SessionEntry> find(String sessionId) {
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
