package io.parley.engine.topology;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes each distinct value once and hands out the same object whenever the same bytes come again.
 * Meant for state read on every record that changes rarely: the engine reads a bot's definition (its
 * tree, phrases and trained models) on every turn, and decoding it each time was a fifth of the turn.
 * The objects handed out are shared between turns and threads, so callers must not change them.
 */
final class DecodeOnceDeserializer<T> implements Deserializer<T> {

    /** Bytes from each end that pick a value's slot; equal bytes, compared in full, then confirm it. */
    private static final int SKETCHED_BYTES = 256;

    private record Decoded<T>(byte[] bytes, T value) {
    }

    private final Deserializer<T> decoder;
    private final Map<Long, Decoded<T>> recent;

    /**
     * @param decoder  the deserializer that does the work
     * @param capacity distinct values remembered; the least recently used one is forgotten first
     */
    DecodeOnceDeserializer(Deserializer<T> decoder, int capacity) {
        this.decoder = decoder;
        this.recent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Decoded<T>> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        decoder.configure(configs, isKey);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return decoder.deserialize(topic, null);
        }
        long sketch = sketch(data);
        synchronized (recent) {
            Decoded<T> known = recent.get(sketch);
            if (known != null && Arrays.equals(known.bytes(), data)) {
                return known.value();
            }
        }
        T value = decoder.deserialize(topic, data);
        synchronized (recent) {
            recent.put(sketch, new Decoded<>(data.clone(), value));
        }
        return value;
    }

    /** The length and both ends: cheap next to hashing a large value, and a collision only costs a decode. */
    private static long sketch(byte[] data) {
        int ends = Math.min(SKETCHED_BYTES, data.length);
        return ((long) data.length << 32) ^ (31L * hash(data, 0, ends) + hash(data, data.length - ends, data.length));
    }

    private static int hash(byte[] data, int from, int to) {
        int hash = 1;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + data[i];
        }
        return hash;
    }

    @Override
    public void close() {
        decoder.close();
    }
}
