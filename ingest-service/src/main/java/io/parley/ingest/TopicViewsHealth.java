package io.parley.ingest;

import java.util.List;
import java.util.Map;

import io.parley.topics.HasTopicView;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Not ready until every view has read what was on its topic at start (part of the readiness probe):
 * while the registry or the broker is away, the instance gets no traffic rather than answering "unknown".
 */
@Component("topicViews")
class TopicViewsHealth implements HealthIndicator {

    private final List<HasTopicView> owners;

    TopicViewsHealth(List<HasTopicView> owners) {
        this.owners = owners;
    }

    @Override
    public Health health() {
        Map<String, Boolean> views = HasTopicView.caughtUp(owners);
        return (views.containsValue(false) ? Health.down() : Health.up()).withDetails(views).build();
    }
}
