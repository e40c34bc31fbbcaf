package io.parley.engine.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import io.parley.engine.topology.EngineSerdes;
import io.parley.topics.RegistrySerdes;
import io.parley.topics.Topic;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Avro binary without a registry or its framing, each value read with the schema it was written with
 * (its generated class's): enough for the engine's topology under TopologyTestDriver, which writes and
 * reads within one build. The wire format itself is tested against the real registry where it is made.
 */
public final class PlainAvroSerdes implements EngineSerdes {

    public PlainAvroSerdes() {
        // A command's payload and other nested records are instantiated by name: Avro asks first.
        RegistrySerdes.trustParleyRecords();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> Serde<V> valueSerde(Topic<?, V> topic) {
        if (topic.valueType() == byte[].class) {
            return (Serde<V>) Serdes.ByteArray();
        }
        return (Serde<V>) avro((Class<? extends SpecificRecord>) topic.valueType());
    }

    @Override
    public <V extends SpecificRecord> Serde<V> storeSerde(String storeName, Class<V> valueType) {
        return avro(valueType);
    }

    private static <V extends SpecificRecord> Serde<V> avro(Class<V> type) {
        SpecificDatumWriter<V> writer = new SpecificDatumWriter<>(type);
        SpecificDatumReader<V> reader = new SpecificDatumReader<>(type);
        return Serdes.serdeFrom((topic, value) -> {
            if (value == null) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            try {
                writer.write(value, encoder);
                encoder.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }, (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return reader.read(null, DecoderFactory.get().binaryDecoder(data, null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
