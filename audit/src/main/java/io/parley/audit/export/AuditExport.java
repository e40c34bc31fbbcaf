package io.parley.audit.export;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.parley.audit.Cluster;
import io.parley.audit.Progress;
import io.parley.audit.Selection;
import io.parley.avro.ConversationEvent;
import io.parley.topics.RegistrySerdes;
import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./parley audit export}: the events of a selection of conversations, in log order per
 * session, as JSON lines, CSV or an Avro container file. Reads the events topic from the first offset at or after {@code --from}
 * to the end as it was when the export began, one record at a time (constant memory), and only the
 * partition of {@code --session} when one is named.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export conversation events from the log (JSON lines, CSV or Avro), each decoded through the schema registry.")
public final class AuditExport implements Callable<Integer> {

    @Mixin
    Cluster cluster;

    @Mixin
    Selection selection;

    @Option(names = "--kind", split = ",", description = "Only these kinds of event, e.g. UserSaid,BotSaid,IntentRecognised.")
    Set<String> kinds;

    @Option(names = {"-o", "--output"}, description = "Write to this file instead of standard output.")
    Path output;

    @Option(names = "--format", defaultValue = "JSONL", description = "JSONL (default), CSV or AVRO (an Avro container file).")
    ExportFormat format;

    @Option(names = "--limit", description = "Stop after this many events and print a resume token, for exports in parts.")
    Long limit;

    @Option(names = "--resume", description = "Go on from where an interrupted or limited export stopped (the token it printed).")
    String resume;

    @Option(names = "--progress", negatable = true,
            description = "Show a progress bar on standard error (default: when it is a terminal).")
    Boolean progress;

    @Spec
    CommandSpec spec;

    /** Set by an interrupt (Ctrl-C): the export stops after the event it is writing. */
    private volatile boolean stopping;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private static final Duration WRITE_LAG = Duration.ofHours(1);

    @Override
    public Integer call() throws IOException {
        try {
            return exportAll();
        } catch (IllegalArgumentException e) {
            // A project without bots, a malformed resume token: said as picocli says a wrong option.
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private int exportAll() throws IOException {
        // An interrupt (Ctrl-C) stops the export after the event it is writing; the JVM exits only once
        // the output is flushed and closed, so the resume token printed covers exactly what was written.
        Thread interrupt = new Thread(() -> {
            stopping = true;
            try {
                stopped.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(interrupt);
        try {
            long exported;
            try (ExportFormat.Sink sink = format.open(output == null ? standardOutput() : Files.newOutputStream(output));
                 KafkaConsumer<String, byte[]> consumer = cluster.consumer()) {
                RegistrySerdes serdes = cluster.serdes();
                selection.resolve(cluster.bootstrap(), serdes);
                exported = export(consumer, serdes.valueSerde(Topics.EVENTS).deserializer(), sink);
            }
            spec.commandLine().getErr().printf("%d events exported%n", exported);
            return 0;
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(interrupt);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running, and now lets the JVM exit.
            }
        }
    }

    /** Standard output, flushed but left open when the export is done. */
    private static OutputStream standardOutput() {
        return new FilterOutputStream(System.out) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    private long export(KafkaConsumer<String, byte[]> consumer, Deserializer<ConversationEvent> events, ExportFormat.Sink sink)
            throws IOException {
        String topic = Topics.EVENTS.name();
        Map<TopicPartition, Long> ends;
        if (resume != null) {
            ResumeToken token = ResumeToken.parse(topic, resume);
            consumer.assign(token.next().keySet());
            token.next().forEach(consumer::seek);
            ends = token.ends();
        } else {
            // Events are keyed by session: a session's events are all on the partition its key hashes to.
            List<TopicPartition> partitions = selection.partitions(consumer, topic);
            consumer.assign(partitions);
            ends = consumer.endOffsets(partitions);
            seekToStart(consumer, partitions);
        }
        // Where each partition goes on: after the last record read, whether it was exported or not.
        Map<TopicPartition, Long> next = new HashMap<>();
        ends.keySet().forEach(partition -> next.put(partition, consumer.position(partition)));
        long exported = 0;
        long range = ends.keySet().stream().mapToLong(partition -> ends.get(partition) - next.get(partition)).sum();
        long rangeStart = next.values().stream().mapToLong(Long::longValue).sum();
        try (Progress bar = Progress.of("export", range, progress)) {
            read:
            while (ends.keySet().stream().anyMatch(partition -> next.get(partition) < ends.get(partition))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= ends.get(partition)) {
                        next.put(partition, ends.get(partition));
                        continue;
                    }
                    if (stopping || (limit != null && exported >= limit)) {
                        // Not written: the resumed export starts with this record.
                        consumer.seek(partition, record.offset());
                        break read;
                    }
                    if (selection.session() == null || selection.session().equals(record.key())) {
                        ConversationEvent event = events.deserialize(record.topic(), record.value());
                        if (selection.takes(event) && (kinds == null || kinds.contains(event.getPayload().getClass().getSimpleName()))) {
                            sink.write(event);
                            exported++;
                        }
                    }
                    next.put(partition, record.offset() + 1);
                }
                // The engine writes in transactions: a commit marker takes an offset but is no record, so
                // the consumer's position, not the last record, says how far a partition has been read.
                ends.keySet().forEach(partition -> next.put(partition,
                        Math.max(next.get(partition), Math.min(consumer.position(partition), ends.get(partition)))));
                bar.at(next.values().stream().mapToLong(Long::longValue).sum() - rangeStart, "%,d events exported".formatted(exported));
            }
            boolean done = ends.keySet().stream().allMatch(partition -> next.get(partition) >= ends.get(partition));
            if (!done) {
                spec.commandLine().getErr().printf("stopped after %d events; go on with --resume %s%n", exported,
                        new ResumeToken(next, ends).text());
            }
        }
        return exported;
    }

    private void seekToStart(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions) {
        if (selection.from() == null) {
            consumer.seekToBeginning(partitions);
            return;
        }
        Map<TopicPartition, Long> at = new HashMap<>();
        // A record's timestamp is when it was written, a moment after its event occurred: start early, filter exactly.
        partitions.forEach(partition -> at.put(partition, selection.from().minus(WRITE_LAG).toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(at);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp offset = found.get(partition);
            consumer.seek(partition, offset == null ? ends.get(partition) : offset.offset());
        }
    }
}
