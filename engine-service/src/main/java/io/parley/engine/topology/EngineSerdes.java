package io.parley.engine.topology;

import io.parley.topics.RegistrySerdes;
import io.parley.topics.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The serdes the engine's topology reads and writes with: the registry's in production, so the wire
 * format is the one every service and consumer reads; plain Avro in the engine's own tests, which check
 * the topology's wiring, stores and punctuators and need no registry for that.
 */
public interface EngineSerdes {

    <V> Serde<V> valueSerde(Topic<?, V> topic);

    /** A serde for the values of the named state store. */
    <V extends SpecificRecord> Serde<V> storeSerde(String storeName, Class<V> valueType);

    /** Avro in the Confluent wire format, the schemas through the registry. */
    static EngineSerdes of(RegistrySerdes registry) {
        return new EngineSerdes() {
            @Override
            public <V> Serde<V> valueSerde(Topic<?, V> topic) {
                return registry.valueSerde(topic);
            }

            @Override
            public <V extends SpecificRecord> Serde<V> storeSerde(String storeName, Class<V> valueType) {
                return registry.storeSerde(storeName, valueType);
            }
        };
    }
}
