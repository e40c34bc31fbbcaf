package io.parley.ingest.bots;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.parley.avro.BotDefinition;
import io.parley.ingest.conversation.KafkaClients;
import io.parley.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/** Publishes bot definitions to the bots topic, waiting for the broker's acknowledgement. */
@Component
public class BotPublisher implements DisposableBean {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaProducer<String, BotDefinition> producer;
    /** Its own producer: the serde registers each topic's schema under that topic's subject. */
    private final KafkaProducer<String, BotDefinition> versions;
    private final BotCatalog catalog;

    BotPublisher(KafkaClients clients, BotCatalog catalog) {
        this.producer = clients.producer(Topics.BOTS);
        this.versions = clients.producer(Topics.BOT_VERSIONS);
        this.catalog = catalog;
    }

    public void publish(BotDefinition bot) throws ExecutionException, InterruptedException, TimeoutException {
        String key = Topics.botKey(bot.getCompany(), bot.getBotId());
        // The version is kept first: an event naming it never names a version that was not kept.
        versions.send(new ProducerRecord<>(Topics.BOT_VERSIONS.name(), versionKey(bot), bot))
                .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        producer.send(new ProducerRecord<>(Topics.BOTS.name(), key, bot)).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        // Read-your-writes on this instance: a caller may use the bot the moment this returns.
        catalog.remember(bot);
    }

    /** A version's key on {@link Topics#BOT_VERSIONS}: {@code company/botId/version}. */
    public static String versionKey(BotDefinition bot) {
        return Topics.botKey(bot.getCompany(), bot.getBotId()) + "/" + version(bot);
    }

    /** A bot's version: its publication time in epoch milliseconds, unique and increasing for each bot. */
    public static long version(BotDefinition bot) {
        return bot.getPublishedAt().toEpochMilli();
    }

    /** Removes a bot: a tombstone on the compacted topic, so the key disappears from every store. */
    public void unpublish(String company, long botId) throws ExecutionException, InterruptedException, TimeoutException {
        producer.send(new ProducerRecord<>(Topics.BOTS.name(), Topics.botKey(company, botId), null))
                .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        catalog.forget(company, botId);
    }

    @Override
    public void destroy() {
        producer.close(Duration.ofSeconds(5));
        versions.close(Duration.ofSeconds(5));
    }
}
