package io.parley.ingest.talklift;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

import io.parley.avro.SlotFilling;
import io.parley.ingest.conversation.KafkaClients;
import io.parley.topics.CompactedTopicView;
import io.parley.topics.HasTopicView;
import io.parley.topics.Topics;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/** Every session's module in progress, by story-state id, from the topic the engine writes with each change. */
@Component
class SlotStates implements DisposableBean, HasTopicView {

    /**
     * The engine writes a slot's state in the same transaction as the webhook call about it, so the
     * customer can answer before this instance has read it: a lookup waits that long for it.
     */
    private static final Duration FRESHNESS_WAIT = Duration.ofSeconds(2);

    private final CompactedTopicView<SlotFilling> view;

    SlotStates(KafkaClients clients) {
        this.view = new CompactedTopicView<>(clients.follower(Topics.SLOT_STATES), Topics.SLOT_STATES);
    }

    /** The story state; when it does not (yet) look as {@code expected}, its latest version within a short wait. */
    Optional<SlotFilling> find(long storyStateId, Predicate<SlotFilling> expected) throws InterruptedException {
        return view.await(Long.toString(storyStateId), expected, FRESHNESS_WAIT);
    }

    @Override
    public CompactedTopicView<?> topicView() {
        return view;
    }

    @Override
    public void destroy() {
        view.close();
    }
}
