package io.parley.topics;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A component answering from a view of a compacted topic: it is ready once the view has caught up. */
public interface HasTopicView {

    CompactedTopicView<?> topicView();

    /** Each owner's topic and whether its view has caught up: a service is ready when all have. */
    static Map<String, Boolean> caughtUp(List<? extends HasTopicView> owners) {
        Map<String, Boolean> views = new TreeMap<>();
        owners.forEach(owner -> views.put(owner.topicView().topic(), owner.topicView().isCaughtUp()));
        return views;
    }
}
