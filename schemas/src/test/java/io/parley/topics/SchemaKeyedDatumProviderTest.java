package io.parley.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.parley.avro.Channel;
import io.parley.avro.SessionEntry;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class SchemaKeyedDatumProviderTest {

    private static final SessionEntry ENTRY = SessionEntry.newBuilder()
            .setSessionId("s-1").setCompany("parley").setBotId(1).setChannel(Channel.WEB)
            .setUserId("u-1").setCallbackUrl("http://example.test/cb")
            .setStartedAt(Instant.parse("2026-11-21T10:00:00Z").truncatedTo(ChronoUnit.MILLIS))
            .build();

    @Test
    void theRegistrySerdesUseIt() {
        Map<String, Object> config = RegistrySerdes.serdeConfig("http://127.0.0.1:1/apis/registry/v3");
        assertThat(new AvroSerdeConfig(config).getAvroDatumProvider()).isEqualTo(SchemaKeyedDatumProvider.class);
    }

    @Test
    void buildsOneWriterAndOneReaderPerSchemaAndTheyRoundTrip() throws IOException {
        SchemaKeyedDatumProvider<Object> provider = specificProvider();
        DatumWriter<Object> writer = provider.createDatumWriter(ENTRY, ENTRY.getSchema());
        assertThat(provider.createDatumWriter(ENTRY, ENTRY.getSchema())).isSameAs(writer);
        DatumReader<Object> reader = provider.createDatumReader(SessionEntry.getClassSchema());
        assertThat(provider.createDatumReader(SessionEntry.getClassSchema())).isSameAs(reader);

        assertThat(reader.read(null, DecoderFactory.get().binaryDecoder(write(writer, ENTRY), null))).isEqualTo(ENTRY);
    }

    @Test
    void aRecordWrittenWithAnOlderSchemaGetsAReaderOfItsOwn() throws IOException {
        Schema older = withoutField(SessionEntry.getClassSchema(), "callbackUrl");
        GenericRecord old = new GenericData.Record(older);
        for (Schema.Field field : older.getFields()) {
            old.put(field.name(), field.name().equals("channel")
                    ? new GenericData.EnumSymbol(field.schema(), "TELEPHONY") : ENTRY.get(field.name()));
        }
        old.put("startedAt", ENTRY.getStartedAt().toEpochMilli());
        SchemaKeyedDatumProvider<Object> provider = specificProvider();
        DatumWriter<Object> genericWriter = provider.createDatumWriter(old, older);
        assertThat(genericWriter).isNotSameAs(provider.createDatumWriter(ENTRY, ENTRY.getSchema()));

        // The current schema's reader is cached first; the older record must still be read with its own.
        provider.createDatumReader(SessionEntry.getClassSchema());
        Object read = provider.createDatumReader(older).read(null, DecoderFactory.get().binaryDecoder(write(genericWriter, old), null));

        assertThat(read).isInstanceOf(SessionEntry.class);
        SessionEntry entry = (SessionEntry) read;
        assertThat(entry.getChannel()).isEqualTo(Channel.TELEPHONY);
        assertThat(entry.getCallbackUrl()).isNull();
        assertThat(entry.getUserId()).isEqualTo("u-1");
    }

    private static SchemaKeyedDatumProvider<Object> specificProvider() {
        SchemaKeyedDatumProvider<Object> provider = new SchemaKeyedDatumProvider<>();
        provider.configure(new AvroSerdeConfig(Map.of(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true)));
        return provider;
    }

    private static byte[] write(DatumWriter<Object> writer, Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        writer.write(value, encoder);
        encoder.flush();
        return bytes.toByteArray();
    }

    private static Schema withoutField(Schema schema, String dropped) {
        List<Schema.Field> fields = schema.getFields().stream()
                .filter(field -> !field.name().equals(dropped))
                .map(field -> new Schema.Field(field, field.schema()))
                .toList();
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }
}
