package io.parley.ingest.botlhale;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.parley.avro.SpokenAnswer;
import io.parley.ingest.conversation.KafkaClients;
import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Spoken answers kept on {@code parley.speech.v1} for a day. An answer's token names where it is in
 * the log (partition and offset) and its random id, so any ingest instance can serve it with one
 * read, and nobody can guess another user's audio.
 */
@Component
class SpokenAnswers implements DisposableBean {

    /** How long a speech_response_url is valid (the seed: 24 hours); the topic's retention then removes it. */
    static final Duration VALIDITY = Duration.ofHours(24);
    private static final Pattern TOKEN = Pattern.compile("(\\d{1,9})-(\\d{1,18})-([0-9a-f-]{36})");
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(3);
    private static final int READERS = 4;

    private final KafkaProducer<String, SpokenAnswer> producer;
    /** Readers of the log, each used by one request at a time: audio is served in parallel, never behind one lock. */
    private final BlockingQueue<KafkaConsumer<String, SpokenAnswer>> readers = new LinkedBlockingQueue<>();
    private final List<KafkaConsumer<String, SpokenAnswer>> allReaders = new ArrayList<>();

    SpokenAnswers(KafkaClients clients) {
        this.producer = clients.producer(Topics.SPEECH);
        for (int i = 0; i < READERS; i++) {
            KafkaConsumer<String, SpokenAnswer> reader = clients.follower(Topics.SPEECH);
            allReaders.add(reader);
            readers.add(reader);
        }
    }

    /** Keeps the audio and returns its token. */
    String keep(String sessionId, byte[] audio, String contentType, String text, String languageCode, Instant now)
            throws ExecutionException, InterruptedException, TimeoutException {
        String audioId = UUID.randomUUID().toString();
        SpokenAnswer answer = SpokenAnswer.newBuilder()
                .setAudioId(audioId)
                .setSessionId(sessionId)
                .setContentType(contentType)
                .setAudio(java.nio.ByteBuffer.wrap(audio))
                .setText(text)
                .setLanguageCode(languageCode)
                .setCreatedAt(now)
                .build();
        RecordMetadata written = producer.send(new ProducerRecord<>(Topics.SPEECH.name(), audioId, answer))
                .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return written.partition() + "-" + written.offset() + "-" + audioId;
    }

    /** The answer a token names, if the token is well formed and the log still has it. */
    Optional<SpokenAnswer> find(String token) {
        Matcher matcher = TOKEN.matcher(token);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        TopicPartition partition = new TopicPartition(Topics.SPEECH.name(), Integer.parseInt(matcher.group(1)));
        long offset = Long.parseLong(matcher.group(2));
        String audioId = matcher.group(3);
        KafkaConsumer<String, SpokenAnswer> reader;
        try {
            reader = readers.poll(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BotlhaleException(HttpStatus.SERVICE_UNAVAILABLE, "interrupted; try again");
        }
        if (reader == null) {
            throw new BotlhaleException(HttpStatus.SERVICE_UNAVAILABLE, "every reader of spoken answers is busy; try again");
        }
        try {
            return read(reader, partition, offset, audioId);
        } finally {
            readers.add(reader);
        }
    }

    private static Optional<SpokenAnswer> read(KafkaConsumer<String, SpokenAnswer> reader, TopicPartition partition,
                                               long offset, String audioId) {
        if (reader.partitionsFor(Topics.SPEECH.name()).stream().noneMatch(info -> info.partition() == partition.partition())) {
            return Optional.empty();
        }
        // An offset the log does not hold (made up, or gone with retention) is answered without waiting for it.
        List<TopicPartition> place = List.of(partition);
        if (offset < reader.beginningOffsets(place).get(partition) || offset >= reader.endOffsets(place).get(partition)) {
            return Optional.empty();
        }
        reader.assign(place);
        reader.seek(partition, offset);
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, SpokenAnswer> record : reader.poll(Duration.ofMillis(200))) {
                // The record may be gone (compaction of a transaction marker): the first one read is then a later one.
                return record.offset() == offset && audioId.equals(record.key()) && record.value() != null
                        ? Optional.of(record.value()) : Optional.empty();
            }
            if (reader.position(partition) > offset) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    static boolean isExpired(SpokenAnswer answer, Instant now) {
        return !answer.getCreatedAt().plus(VALIDITY).isAfter(now);
    }

    @Override
    public void destroy() {
        producer.close(WRITE_TIMEOUT);
        allReaders.forEach(reader -> reader.close(Duration.ofSeconds(2)));
    }
}
