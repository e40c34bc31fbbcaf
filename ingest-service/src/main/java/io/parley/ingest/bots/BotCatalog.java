package io.parley.ingest.bots;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.parley.avro.BotDefinition;
import io.parley.ingest.conversation.KafkaClients;
import io.parley.topics.CompactedTopicView;
import io.parley.topics.HasTopicView;
import io.parley.topics.Topics;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Every published bot, read from the bots topic, so the edge can answer "no such bot" at once
 * instead of writing a command no one can serve.
 */
@Component
public class BotCatalog implements DisposableBean, HasTopicView {

    private final CompactedTopicView<BotDefinition> bots;

    BotCatalog(KafkaClients clients) {
        this.bots = new CompactedTopicView<>(clients.follower(Topics.BOTS), Topics.BOTS);
    }

    /** The bot, once the catalog has read what was published before this instance started. */
    public Optional<BotDefinition> find(String company, long botId) {
        return bots.get(Topics.botKey(company, botId));
    }

    /** The bot that answers on a Facebook page. */
    public Optional<BotDefinition> findByPage(String pageId) {
        return bots.values().stream()
                .filter(bot -> bot.getMessenger() != null && bot.getMessenger().getPageId().equals(pageId))
                .findFirst();
    }

    /** Every known bot. */
    public List<BotDefinition> all() {
        return bots.values().stream()
                .sorted(Comparator.comparing(BotDefinition::getCompany).thenComparing(BotDefinition::getBotId))
                .toList();
    }

    /** Forgets a bot this instance just unpublished, before the tombstone comes back from the topic. */
    void forget(String company, long botId) {
        bots.put(Topics.botKey(company, botId), null);
    }

    /** Makes a bot this instance just published known at once, before it comes back from the topic. */
    void remember(BotDefinition bot) {
        bots.put(Topics.botKey(bot.getCompany(), bot.getBotId()), bot);
    }

    @Override
    public CompactedTopicView<?> topicView() {
        return bots;
    }

    @Override
    public void destroy() {
        bots.close();
    }
}
