package io.parley.audit.rerun;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.parley.audit.EventJson;
import io.parley.avro.ConversationEvent;
import tools.jackson.databind.json.JsonMapper;

/** The events a re-run decided, as JSON lines marked with their origin; nowhere when no file is named. */
final class RerunOutput implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final Writer writer;
    private final String origin;

    RerunOutput(Path file, String origin) {
        this.origin = origin;
        try {
            this.writer = file == null ? null : new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Called by every re-running thread: one conversation's events at a time. */
    synchronized void write(List<ConversationEvent> events) {
        if (writer == null) {
            return;
        }
        try {
            for (ConversationEvent event : events) {
                writer.write(JSON.writeValueAsString(EventJson.marked(event, origin)));
                writer.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One event as a single JSON line, for reports. */
    static String line(ConversationEvent event) {
        return event == null ? "(none)" : JSON.writeValueAsString(EventJson.of(event));
    }

    @Override
    public void close() throws IOException {
        if (writer != null) {
            writer.close();
        }
    }
}
