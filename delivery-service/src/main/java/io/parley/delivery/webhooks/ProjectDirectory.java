package io.parley.delivery.webhooks;

import java.util.Comparator;
import java.util.Optional;

import io.parley.avro.AccountRecord;
import io.parley.avro.Project;
import io.parley.delivery.DeliveryKafkaConfig;
import io.parley.topics.CompactedTopicView;
import io.parley.topics.HasTopicView;
import io.parley.topics.Topics;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/** The projects, read from the compacted accounts topic: which one owns a bot, and where its webhook is. */
@Component
class ProjectDirectory implements DisposableBean, HasTopicView {

    private final CompactedTopicView<AccountRecord> accounts;

    ProjectDirectory(DeliveryKafkaConfig.Followers followers) {
        this.accounts = new CompactedTopicView<>(followers.follower(Topics.ACCOUNTS), Topics.ACCOUNTS);
    }

    /** The project whose bots include {@code company/botId}. */
    Optional<Project> owning(String company, long botId) {
        String bot = Topics.botKey(company, botId);
        // A scan, not an index: it costs little next to the call it precedes, and an index would have
        // to follow every edit that moves a bot. The lowest id wins should two projects claim one bot.
        return accounts.values().stream()
                .map(AccountRecord::getEntity)
                .filter(Project.class::isInstance)
                .map(Project.class::cast)
                .filter(project -> project.getBots().contains(bot))
                .min(Comparator.comparingLong(Project::getId));
    }

    @Override
    public CompactedTopicView<?> topicView() {
        return accounts;
    }

    @Override
    public void destroy() {
        accounts.close();
    }
}
