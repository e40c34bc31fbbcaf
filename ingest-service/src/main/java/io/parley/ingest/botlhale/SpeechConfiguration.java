package io.parley.ingest.botlhale;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.parley.speech.EspeakSettings;
import io.parley.speech.EspeakSynthesizer;
import io.parley.speech.PocketsphinxModel;
import io.parley.speech.PocketsphinxRecognizer;
import io.parley.speech.PocketsphinxSettings;
import io.parley.speech.SpeechRecognizer;
import io.parley.speech.SpeechSynthesizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The offline speech engines (pocketsphinx and espeak-ng, from Debian). A deployment that defines its
 * own {@link SpeechRecognizer} or {@link SpeechSynthesizer} bean (a cloud vendor) replaces them.
 */
@Configuration(proxyBeanMethods = false)
class SpeechConfiguration {

    /**
     * @param sox            sox, which turns any upload into the 16 kHz mono audio pocketsphinx reads
     * @param pocketsphinx   pocketsphinx_continuous
     * @param espeakNg       espeak-ng
     * @param voiceVariant   espeak-ng voice variant; klatt is the one recognisers (and people) follow best
     * @param timeout        longest one transcription or synthesis may take
     * @param maxConcurrency transcriptions (and, separately, syntheses) running at once
     * @param maxAudio       longest upload accepted, in time
     */
    @ConfigurationProperties(prefix = "parley.speech")
    record SpeechProperties(
            @DefaultValue("/usr/bin/sox") Path sox,
            @DefaultValue("/usr/bin/pocketsphinx_continuous") Path pocketsphinx,
            @DefaultValue("/usr/bin/espeak-ng") Path espeakNg,
            @DefaultValue("klatt") String voiceVariant,
            @DefaultValue("30s") Duration timeout,
            @DefaultValue("2") int maxConcurrency,
            @DefaultValue("60s") Duration maxAudio) {
    }

    /** The bounded pool that synthesizes spoken answers, off the thread that receives replies. */
    static final class SpeechExecutor implements Executor {
        private final ThreadPoolExecutor pool;

        SpeechExecutor(int threads) {
            // Never the caller's thread: that is the one receiving every reply of this instance. Requests are
            // refused while the queue is full (hasRoom), before their turn is taken.
            this.pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(64),
                    runnable -> {
                        Thread thread = new Thread(runnable, "botlhale-speech");
                        thread.setDaemon(true);
                        return thread;
                    }, new ThreadPoolExecutor.AbortPolicy());
        }

        boolean hasRoom() {
            return pool.getQueue().remainingCapacity() > 0;
        }

        @Override
        public void execute(Runnable command) {
            pool.execute(command);
        }

        void shutdown() {
            pool.shutdown();
        }
    }

    @Bean
    @ConditionalOnMissingBean
    SpeechRecognizer speechRecognizer(SpeechProperties properties) {
        PocketsphinxSettings defaults = PocketsphinxSettings.debianDefaults();
        return new PocketsphinxRecognizer(new PocketsphinxSettings(properties.sox(), properties.pocketsphinx(),
                List.of(PocketsphinxModel.debianEnglish()), properties.timeout(), properties.maxConcurrency(),
                properties.maxAudio(), defaults.maxAudioBytes()));
    }

    @Bean
    @ConditionalOnMissingBean
    SpeechSynthesizer speechSynthesizer(SpeechProperties properties) {
        EspeakSettings defaults = EspeakSettings.debianDefaults();
        return new EspeakSynthesizer(new EspeakSettings(properties.espeakNg(), properties.voiceVariant(),
                defaults.wordsPerMinute(), properties.timeout(), properties.maxConcurrency(), defaults.maxTextLength()));
    }

    @Bean(destroyMethod = "shutdown")
    SpeechExecutor speechExecutor(SpeechProperties properties) {
        return new SpeechExecutor(properties.maxConcurrency());
    }
}
