package io.parley.topics;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * An Avro value as plain JSON values (maps, lists, strings, numbers) for people's tools: a record's
 * fields in schema order, times as ISO-8601, enums as their names, bytes as Base64.
 */
public final class PlainJson {

    private PlainJson() {
    }

    public static Object of(Object value) {
        if (value instanceof SpecificRecord record) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (Schema.Field field : record.getSchema().getFields()) {
                fields.put(field.name(), of(record.get(field.pos())));
            }
            return fields;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> entries = new LinkedHashMap<>();
            map.forEach((key, entry) -> entries.put(String.valueOf(key), of(entry)));
            return entries;
        }
        if (value instanceof Collection<?> items) {
            return items.stream().map(PlainJson::of).toList();
        }
        if (value instanceof CharSequence || value instanceof Enum<?> || value instanceof Instant) {
            return value.toString();
        }
        if (value instanceof ByteBuffer bytes) {
            byte[] copy = new byte[bytes.remaining()];
            bytes.duplicate().get(copy);
            return Base64.getEncoder().encodeToString(copy);
        }
        return value;
    }

    /** A record's fields as a JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> of(SpecificRecord record) {
        return (Map<String, Object>) of((Object) record);
    }
}
