package io.parley.ingest.nlu;

import io.parley.ingest.bots.BotFileReader;
import io.parley.nlu.intents.IntentTrainer;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The trainer of bots' classifiers (with this instance's sentence encoder), and the bot file reader that uses it. */
@Configuration(proxyBeanMethods = false)
class NluConfiguration {

    /** Configuration value that turns sentence embeddings off: classifiers then read words alone. */
    static final String NO_ENCODER = "none";

    /**
     * @param encoder        the sentence encoder: {@code bge-small-en-v1.5-q} (the more accurate),
     *                       {@code all-minilm-l6-v2-q} (about twice as fast) or {@code none}
     * @param threadsPerText cores one text may use: 1 serves concurrent requests best
     * @param cacheSize      texts whose embeddings are kept, so a repeated text is encoded once
     */
    @ConfigurationProperties(prefix = "parley.nlu")
    record NluProperties(
            @DefaultValue("bge-small-en-v1.5-q") String encoder,
            @DefaultValue("1") int threadsPerText,
            @DefaultValue("10000") int cacheSize) {
    }

    @Bean
    IntentTrainer intentTrainer(UtteranceEncoder utterances) {
        return new IntentTrainer(utterances.encoder());
    }

    @Bean
    BotFileReader botFileReader(IntentTrainer trainer) {
        return new BotFileReader(trainer);
    }
}
