package io.parley.topics;

/** A component answering from a view of a compacted topic: it is ready once the view has caught up. */
public interface HasTopicView {

    CompactedTopicView<?> topicView();
}
