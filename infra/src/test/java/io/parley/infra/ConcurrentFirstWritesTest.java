package io.parley.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.parley.avro.Channel;
import io.parley.avro.Command;
import io.parley.avro.StartConversation;
import io.parley.topics.Topics;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/**
 * A service's first burst of traffic: many threads write a schema the registry has not seen yet, at
 * once. Every write must succeed; the registry must not see a race of registrations.
 */
class ConcurrentFirstWritesTest {

    @Test
    void manyThreadsWritingAnUnregisteredSchemaAtOnceAllSucceed() throws Exception {
        Serializer<Command> commands = SharedTestInfrastructure.get().newSerdes().valueSerde(Topics.COMMANDS).serializer();
        // A subject nobody registered yet: the first writes are the registration.
        String topic = "parley.race-" + UUID.randomUUID() + ".v1";
        ExecutorService threads = Executors.newFixedThreadPool(32);
        try {
            List<Callable<byte[]>> writes = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                Command command = command("s-" + i);
                writes.add(() -> commands.serialize(topic, command));
            }
            List<byte[]> written = new ArrayList<>();
            for (Future<byte[]> write : threads.invokeAll(writes)) {
                written.add(write.get());
            }
            assertThat(written).hasSize(64).allSatisfy(bytes -> assertThat(bytes[0]).isZero());
        } finally {
            threads.shutdownNow();
        }
    }

    private static Command command(String session) {
        return Command.newBuilder()
                .setCommandId(UUID.randomUUID().toString())
                .setSessionId(session)
                .setCompany("acme")
                .setBotId(1)
                .setChannel(Channel.WEB)
                .setIssuedAt(Instant.now())
                .setPayload(StartConversation.newBuilder().build())
                .build();
    }
}
