package io.parley.ingest.bots;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.parley.avro.BotDefinition;
import io.parley.ingest.conversation.KafkaClients;
import io.parley.topics.TopicFollower;
import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Every published bot, read from the bots topic, so the edge can answer "no such bot" at once
 * instead of writing a command no one can serve.
 */
@Component
public class BotCatalog implements DisposableBean {

    private static final Duration CATCH_UP_WAIT = Duration.ofSeconds(10);

    private final Map<String, BotDefinition> bots = new ConcurrentHashMap<>();
    private final TopicFollower<String, BotDefinition> follower;

    BotCatalog(KafkaClients clients) {
        this.follower = new TopicFollower<>(clients.follower(Topics.BOTS), Topics.BOTS.name(),
                TopicFollower.StartAt.BEGINNING, this::onBot).start();
    }

    /** The bot, once the catalog has read what was published before this instance started. */
    public Optional<BotDefinition> find(String company, long botId) {
        awaitCaughtUp();
        return Optional.ofNullable(bots.get(Topics.botKey(company, botId)));
    }

    /** The bot that answers on a Facebook page. */
    public Optional<BotDefinition> findByPage(String pageId) {
        awaitCaughtUp();
        return bots.values().stream()
                .filter(bot -> bot.getMessenger() != null && bot.getMessenger().getPageId().equals(pageId))
                .findFirst();
    }

    /** Every known bot, by key. */
    public List<BotDefinition> all() {
        awaitCaughtUp();
        return bots.values().stream()
                .sorted(Comparator.comparing(BotDefinition::getCompany).thenComparing(BotDefinition::getBotId))
                .toList();
    }

    /** Forgets a bot this instance just unpublished, before the tombstone comes back from the topic. */
    void forget(String company, long botId) {
        bots.remove(Topics.botKey(company, botId));
    }

    /** Makes a bot this instance just published known at once, before it comes back from the topic. */
    void remember(BotDefinition bot) {
        bots.put(Topics.botKey(bot.getCompany(), bot.getBotId()), bot);
    }

    private void onBot(ConsumerRecord<String, BotDefinition> record) {
        if (record.value() == null) {
            bots.remove(record.key());
        } else {
            bots.put(record.key(), record.value());
        }
    }

    private void awaitCaughtUp() {
        try {
            if (!follower.awaitCaughtUp(CATCH_UP_WAIT)) {
                throw new IllegalStateException("the bot catalog has not caught up with " + Topics.BOTS.name());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading bots", e);
        }
    }

    @Override
    public void destroy() {
        follower.close();
    }
}
