package io.parley.topics;

import java.util.Map;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Lets writes through one at a time until one has succeeded, then all at once. The first write of a
 * schema registers it; Apicurio's serde does not coordinate its threads, so a service's first burst of
 * concurrent requests raced to register the same schema, and every loser of the race failed (a 500 to
 * its caller). Once a write has succeeded the schema is known and writes never wait again.
 */
final class OneFirstWriteSerializer<T> implements Serializer<T> {

    private final Serializer<T> delegate;
    private volatile boolean registered;

    OneFirstWriteSerializer(Serializer<T> delegate) {
        this.delegate = delegate;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        delegate.configure(configs, isKey);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return serialize(topic, null, data);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        if (registered) {
            return delegate.serialize(topic, headers, data);
        }
        synchronized (this) {
            byte[] bytes = delegate.serialize(topic, headers, data);
            registered = true;
            return bytes;
        }
    }

    @Override
    public void close() {
        delegate.close();
    }
}
