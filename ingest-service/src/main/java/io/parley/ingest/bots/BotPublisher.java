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
    private final BotCatalog catalog;

    BotPublisher(KafkaClients clients, BotCatalog catalog) {
        this.producer = clients.producer(Topics.BOTS);
        this.catalog = catalog;
    }

    public void publish(BotDefinition bot) throws ExecutionException, InterruptedException, TimeoutException {
        String key = Topics.botKey(bot.getCompany(), bot.getBotId());
        producer.send(new ProducerRecord<>(Topics.BOTS.name(), key, bot)).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        // Read-your-writes on this instance: a caller may use the bot the moment this returns.
        catalog.remember(bot);
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
    }
}
