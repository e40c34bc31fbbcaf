package io.parley.engine.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class DecodeOnceDeserializerTest {

    /** Decodes bytes to a new string each time and counts its calls. */
    private final List<String> decoded = new ArrayList<>();
    private final Deserializer<String> counting = (topic, data) -> {
        String value = data == null ? null : new String(data, StandardCharsets.ISO_8859_1);
        decoded.add(value);
        return value;
    };

    @Test
    void theSameBytesAreDecodedOnceAndGiveTheSameObject() {
        DecodeOnceDeserializer<String> bots = new DecodeOnceDeserializer<>(counting, 8);

        String first = bots.deserialize("bots", bytes("bot v1"));
        String again = bots.deserialize("bots", bytes("bot v1"));

        assertThat(again).isSameAs(first).isEqualTo("bot v1");
        assertThat(decoded).containsExactly("bot v1");
    }

    @Test
    void bytesThatDifferOnlyInTheMiddleAreDecodedApart() {
        DecodeOnceDeserializer<String> bots = new DecodeOnceDeserializer<>(counting, 8);
        byte[] one = new byte[2_000];
        Arrays.fill(one, (byte) 'a');
        byte[] other = one.clone();
        other[1_000] = 'b';

        String a = bots.deserialize("bots", one);
        String b = bots.deserialize("bots", other);

        assertThat(a).isNotEqualTo(b);
        assertThat(b.charAt(1_000)).isEqualTo('b');
        assertThat(bots.deserialize("bots", other)).isSameAs(b);
    }

    @Test
    void changingTheCallersArrayAfterwardsDoesNotChangeWhatIsRemembered() {
        DecodeOnceDeserializer<String> bots = new DecodeOnceDeserializer<>(counting, 8);
        byte[] data = bytes("bot v1");
        bots.deserialize("bots", data);
        data[4] = 'X';

        assertThat(bots.deserialize("bots", bytes("bot v1"))).isEqualTo("bot v1");
        assertThat(bots.deserialize("bots", data)).isEqualTo("bot X1");
        assertThat(decoded).containsExactly("bot v1", "bot X1");
    }

    @Test
    void theLeastRecentlyUsedValueIsForgottenBeyondCapacity() {
        DecodeOnceDeserializer<String> bots = new DecodeOnceDeserializer<>(counting, 2);
        bots.deserialize("bots", bytes("one"));
        bots.deserialize("bots", bytes("two"));
        bots.deserialize("bots", bytes("one"));
        bots.deserialize("bots", bytes("three"));

        bots.deserialize("bots", bytes("one"));
        bots.deserialize("bots", bytes("two"));

        assertThat(decoded).containsExactly("one", "two", "three", "two");
    }

    @Test
    void nullStaysNull() {
        assertThat(new DecodeOnceDeserializer<>(counting, 2).deserialize("bots", null)).isNull();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
