package io.parley.topics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Apicurio's datum provider with its readers and writers kept by schema. The default keys them by the
 * schema's parsing fingerprint, which it recomputes for every record by writing the whole schema out as
 * text: on the engine's large records that was 40% of the local stack's CPU. A schema caches its hash
 * and compares equal to itself at once, so finding the reader or writer here costs almost nothing.
 */
public final class SchemaKeyedDatumProvider<T> extends DefaultAvroDatumProvider<T> {

    /** Schema objects seen apart from the first of their kind that one cache keeps before it starts over. */
    private static final int SCHEMA_OBJECTS = 1_024;

    private final Map<Schema, DatumReader<T>> readers = new ConcurrentHashMap<>();
    /**
     * Readers by the very schema object asked for. The resolver may hand out a new object equal to the one
     * a reader is kept under (a state store's values were read through one): every lookup by equality then
     * compared the two schemas field by field, a fifth of a re-run's time and of each turn's state reads.
     */
    private final Map<SameSchema, DatumReader<T>> readersBySchemaObject = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<T>> specificWriters = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<T>> genericWriters = new ConcurrentHashMap<>();

    /** A schema compared by identity. */
    private record SameSchema(Schema schema) {
        @Override
        public boolean equals(Object other) {
            return other instanceof SameSchema same && same.schema == schema;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(schema);
        }
    }

    /** Called by the serde, which builds its provider from the class named in its configuration. */
    public SchemaKeyedDatumProvider() {
    }

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        Map<Schema, DatumWriter<T>> writers = data instanceof SpecificRecord ? specificWriters : genericWriters;
        DatumWriter<T> writer = writers.get(schema);
        return writer != null ? writer : writers.computeIfAbsent(schema, s -> super.createDatumWriter(data, s));
    }

    @Override
    public DatumReader<T> createDatumReader(Schema writerSchema) {
        SameSchema object = new SameSchema(writerSchema);
        DatumReader<T> reader = readersBySchemaObject.get(object);
        if (reader == null) {
            reader = readers.computeIfAbsent(writerSchema, super::createDatumReader);
            if (readersBySchemaObject.size() >= SCHEMA_OBJECTS) {
                readersBySchemaObject.clear();
            }
            readersBySchemaObject.put(object, reader);
        }
        return reader;
    }
}
