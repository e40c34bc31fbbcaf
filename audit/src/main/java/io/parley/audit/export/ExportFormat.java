package io.parley.audit.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.parley.audit.EventJson;
import io.parley.avro.ConversationEvent;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import tools.jackson.databind.json.JsonMapper;

/** How exported events are written. */
enum ExportFormat {

    /** One JSON object a line: the envelope, {@code kind} and the payload's fields. */
    JSONL {
        @Override
        Sink open(OutputStream out) {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            return new Sink() {
                @Override
                public void write(ConversationEvent event) throws IOException {
                    writer.write(JSON.writeValueAsString(EventJson.of(event)));
                    writer.write('\n');
                }

                @Override
                public void close() throws IOException {
                    writer.close();
                }
            };
        }
    },

    /** A spreadsheet's rows: the envelope's columns, and the payload as JSON in the last one. */
    CSV {
        @Override
        Sink open(OutputStream out) throws IOException {
            CSVPrinter printer = CSVFormat.RFC4180.builder().setHeader(EventJson.ENVELOPE.toArray(String[]::new)).get()
                    .print(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
            return new Sink() {
                @Override
                public void write(ConversationEvent event) throws IOException {
                    Map<String, Object> json = EventJson.of(event);
                    for (String column : EventJson.ENVELOPE) {
                        Object value = json.get(column);
                        printer.print(column.equals("payload") ? JSON.writeValueAsString(value) : value);
                    }
                    printer.println();
                }

                @Override
                public void close() throws IOException {
                    printer.close();
                }
            };
        }
    },

    /** An Avro object container file of {@code ConversationEvent}, its schema inside: exact, for other tools. */
    AVRO {
        @Override
        Sink open(OutputStream out) throws IOException {
            DataFileWriter<ConversationEvent> file = new DataFileWriter<>(new SpecificDatumWriter<>(ConversationEvent.class))
                    .create(ConversationEvent.getClassSchema(), out);
            return new Sink() {
                @Override
                public void write(ConversationEvent event) throws IOException {
                    file.append(event);
                }

                @Override
                public void close() throws IOException {
                    file.close();
                }
            };
        }
    };

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Where events go, one at a time; closing flushes. */
    interface Sink extends AutoCloseable {
        void write(ConversationEvent event) throws IOException;

        @Override
        void close() throws IOException;
    }

    abstract Sink open(OutputStream out) throws IOException;
}
