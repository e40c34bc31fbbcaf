package io.parley.analytics;

import java.util.List;
import java.util.Map;

import io.parley.topics.HasTopicView;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Not ready until the accounts and bots views have read what was on their topics at start: until then no one can sign in. */
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
