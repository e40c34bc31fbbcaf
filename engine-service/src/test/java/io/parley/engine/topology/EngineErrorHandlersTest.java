package io.parley.engine.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.Map;

import io.parley.topics.Topics;
import org.apache.avro.AvroRuntimeException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class EngineErrorHandlersTest {

    private static final Exception REGISTRY_DOWN = new SerializationException("fetching schema 42",
            new java.util.concurrent.ExecutionException(new ConnectException("Connection refused")));
    private static final Exception POISON = new SerializationException(new AvroRuntimeException("Malformed data. Length is negative"));

    @Test
    void aCommandThatCannotBeDecodedWhileTheRegistryIsAwayIsReadAgainNotDeadLettered() {
        EngineErrorHandlers.Deserialization handler = new EngineErrorHandlers.Deserialization();
        handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "parley.commands.v1-dlt"));
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("parley.commands.v1", 0, 7, new byte[] {1}, new byte[] {0, 0, 0, 0, 42});

        assertThat(handler.handleError(CONTEXT, record, REGISTRY_DOWN).result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
        DeserializationExceptionHandler.Response poison = handler.handleError(CONTEXT, record, POISON);
        assertThat(poison.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(poison.deadLetterQueueRecords()).singleElement().satisfies(dead -> assertThat(dead.topic()).isEqualTo("parley.commands.v1-dlt"));
    }

    @Test
    void aBotDefinitionNoOneCanDecodeIsSkippedWithoutADeadLetterTheGlobalThreadCouldNotWrite() {
        EngineErrorHandlers.Deserialization handler = new EngineErrorHandlers.Deserialization();
        handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "parley.commands.v1-dlt"));
        ErrorHandlerContext global = new FakeContext(Topics.BOTS.name(), 2, 0, null, new TaskId(-1, -1), new byte[] {0, 0, 0, 0, 7});
        DeserializationExceptionHandler.Response response = handler.handleError(global,
                new ConsumerRecord<>(Topics.BOTS.name(), 2, 0, new byte[] {1}, new byte[] {0, 0, 0, 0, 7}), POISON);
        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void aBotThatCannotBeDecodedWhileTheRegistryIsAwayFailsTheTurnForARetry() {
        EngineErrorHandlers.Processing handler = new EngineErrorHandlers.Processing();
        handler.configure(Map.of());
        Record<String, String> record = new Record<>("s1", "command", 0L);

        assertThat(handler.handleError(CONTEXT, record, REGISTRY_DOWN).result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(handler.handleError(CONTEXT, record, new IllegalStateException("a bug")).result())
                .isEqualTo(ProcessingExceptionHandler.Result.RESUME);
    }

    @Test
    void anOutputTooLargeForTheBrokerDeadLettersItsCommandAndTheThreadGoesOn() {
        EngineErrorHandlers.Production handler = new EngineErrorHandlers.Production();
        handler.configure(Map.of());
        ProducerRecord<byte[], byte[]> output = new ProducerRecord<>("parley.replies.v1", new byte[] {1}, new byte[2_000_000]);

        ProductionExceptionHandler.Response response = handler.handleError(CONTEXT, output,
                new RecordTooLargeException("The message is 2000090 bytes"));
        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo(Topics.COMMANDS_DLT.name());
            assertThat(dead.value()).isEqualTo(CONTEXT.sourceRawValue());
            assertThat(new String(dead.headers().lastHeader("parley.exception.message").value()))
                    .contains("parley.replies.v1").contains("larger than the broker takes");
        });
    }

    private static final ErrorHandlerContext CONTEXT =
            new FakeContext("parley.commands.v1", 0, 7, "conversation", new TaskId(0, 0), new byte[] {0, 0, 0, 0, 42});

    /** Where a failure happened, as Streams tells a handler: a record of the topic, partition and offset given. */
    private record FakeContext(String topic, int partition, long offset, String processorNodeId, TaskId taskId,
                               byte[] sourceRawValue) implements ErrorHandlerContext {
        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public long timestamp() {
            return 0;
        }

        @Override
        public byte[] sourceRawKey() {
            return new byte[] {1};
        }
    }
}
