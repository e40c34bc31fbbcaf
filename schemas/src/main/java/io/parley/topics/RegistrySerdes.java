package io.parley.topics;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.apicurio.registry.serde.avro.AvroSerde;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.apicurio.registry.serde.kafka.config.KafkaSerdeConfig;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Hands out configured serdes for the topics of {@link Topics} and for state stores. Values are Avro
 * in the Confluent wire format (magic byte 0, 4-byte schema id, no headers) so any
 * Confluent-compatible consumer can read Parley's streams through the registry's ccompat API.
 */
public final class RegistrySerdes {

    /** Package of the generated Avro classes, which Avro 1.12 refuses to instantiate unless trusted. */
    public static final String AVRO_PACKAGE = "io.parley.avro";

    static {
        trustParleyRecords();
    }

    private final Map<String, Object> config;
    // One serde per topic or store: the resolver caches registration by schema content, so a shared
    // instance would register only the first subject it saw.
    private final Map<String, Serde<?>> valueSerdes = new ConcurrentHashMap<>();

    public RegistrySerdes(String registryUrl) {
        this.config = serdeConfig(registryUrl);
    }

    /** The client properties that make Apicurio's serde write the Confluent framing against {@code registryUrl}. */
    public static Map<String, Object> serdeConfig(String registryUrl) {
        Map<String, Object> config = new HashMap<>();
        config.put(SchemaResolverConfig.REGISTRY_URL, Objects.requireNonNull(registryUrl, "registryUrl"));
        config.put(SchemaResolverConfig.AUTO_REGISTER_ARTIFACT, true);
        config.put(KafkaSerdeConfig.ENABLE_HEADERS, false);
        config.put(SerdeConfig.ID_HANDLER, "io.apicurio.registry.serde.Default4ByteIdHandler");
        config.put(SerdeConfig.USE_ID, "contentId");
        config.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
        // Register each schema whole: by default the serde registers every nested named type as an
        // artifact of its own and refers to it, which consumers without reference support cannot read.
        config.put(SchemaResolverConfig.DEREFERENCE_SCHEMA, true);
        config.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, SchemaKeyedDatumProvider.class.getName());
        return config;
    }

    public <K> Serde<K> keySerde(Topic<K, ?> topic) {
        return topic.newKeySerde();
    }

    @SuppressWarnings("unchecked")
    public <V> Serde<V> valueSerde(Topic<?, V> topic) {
        if (topic.valueType() == byte[].class) {
            return (Serde<V>) Serdes.ByteArray();
        }
        return (Serde<V>) valueSerdes.computeIfAbsent(topic.name(), name -> newAvroSerde());
    }

    /** A serde for the values of the named state store (its changelog is a topic of its own). */
    @SuppressWarnings("unchecked")
    public <V extends SpecificRecord> Serde<V> storeSerde(String storeName, Class<V> valueType) {
        return (Serde<V>) valueSerdes.computeIfAbsent("store:" + storeName, name -> newAvroSerde());
    }

    private Serde<?> newAvroSerde() {
        AvroSerde<SpecificRecord> serde = new AvroSerde<>();
        serde.configure(config, false);
        return Serdes.serdeFrom(new OneFirstWriteSerializer<>(serde.serializer()), serde.deserializer());
    }

    /**
     * Trusts the generated classes once per JVM, whatever the JVM flags say. Call it first in a main:
     * a builder filling in defaults needs the trust before any serde exists.
     */
    public static synchronized void trustParleyRecords() {
        ClassSecurityValidator.ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
        if (current instanceof ParleyRecords) {
            return;
        }
        ClassSecurityValidator.setGlobal(new ParleyRecords(current));
    }

    private record ParleyRecords(ClassSecurityValidator.ClassSecurityPredicate delegate)
            implements ClassSecurityValidator.ClassSecurityPredicate {
        @Override
        public boolean isTrusted(Class<?> type) {
            return AVRO_PACKAGE.equals(type.getPackageName()) || delegate.isTrusted(type);
        }
    }
}
