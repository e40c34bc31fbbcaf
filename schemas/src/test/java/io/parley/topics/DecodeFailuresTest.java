package io.parley.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.ExecutionException;

import org.apache.avro.AvroRuntimeException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class DecodeFailuresTest {

    @Test
    void aRegistryThatCannotBeReachedIsTransient() {
        assertThat(DecodeFailures.isTransient(new SerializationException(new ExecutionException(new ConnectException("Connection refused")))))
                .isTrue();
        assertThat(DecodeFailures.isTransient(new IllegalStateException(new HttpTimeoutException("request timed out")))).isTrue();
    }

    @Test
    void bytesThatAreNotParleysAvroArePoison() {
        assertThat(DecodeFailures.isTransient(new SerializationException(new AvroRuntimeException("Malformed data. Length is negative"))))
                .isFalse();
        assertThat(DecodeFailures.isTransient(new SerializationException(new EOFException()))).isFalse();
        assertThat(DecodeFailures.isTransient(new IllegalStateException("artifact reference cannot be null"))).isFalse();
        assertThat(DecodeFailures.isTransient(new SerializationException("Unknown magic byte!"))).isFalse();
        assertThat(DecodeFailures.isTransient(new RecordDeserializationException(RecordDeserializationException.DeserializationExceptionOrigin.VALUE,
                new org.apache.kafka.common.TopicPartition("t", 0), 1, 0, null, null, null, null, "bad",
                new SerializationException(new IllegalStateException("No content with id 42 was found"))))).isFalse();
    }
}
