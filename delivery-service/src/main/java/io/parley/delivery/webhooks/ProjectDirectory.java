package io.parley.delivery.webhooks;

import java.util.Comparator;
import java.util.Optional;

import io.parley.avro.ProjectWebhook;
import io.parley.delivery.DeliveryKafkaConfig;
import io.parley.topics.CompactedTopicView;
import io.parley.topics.HasTopicView;
import io.parley.topics.Topics;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The projects' webhooks, read from their compacted topic (never the accounts, which hold users'
 * password hashes and tokens): which project owns a bot, and where its webhook is.
 */
@Component
class ProjectDirectory implements DisposableBean, HasTopicView {

    private final CompactedTopicView<ProjectWebhook> projects;

    ProjectDirectory(DeliveryKafkaConfig.Followers followers) {
        this.projects = new CompactedTopicView<>(followers.follower(Topics.PROJECT_WEBHOOKS), Topics.PROJECT_WEBHOOKS);
    }

    /** The project whose bots include {@code company/botId}. */
    Optional<ProjectWebhook> owning(String company, long botId) {
        String bot = Topics.botKey(company, botId);
        // A scan, not an index: it costs little next to the call it precedes, and an index would have
        // to follow every edit that moves a bot. The lowest id wins should two old projects claim one bot.
        return projects.values().stream()
                .filter(project -> project.getBots().contains(bot))
                .min(Comparator.comparingLong(ProjectWebhook::getProjectId));
    }

    @Override
    public CompactedTopicView<?> topicView() {
        return projects;
    }

    @Override
    public void destroy() {
        projects.close();
    }
}
