package io.parley.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class EngineRunnerTest {

    @Test
    void shouldTurnAwayACallWhileAllSlotsAreTakenAndAdmitItOnceOneIsFree() throws Exception {
        EngineRunner runner = new EngineRunner("test-engine", 1, Duration.ofMillis(200));
        CountDownLatch inSlot = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> holder = CompletableFuture.supplyAsync(() -> runner.inSlot(() -> {
            inSlot.countDown();
            await(release);
            return "held";
        }));
        assertThat(inSlot.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> runner.inSlot(() -> "second"))
                .isInstanceOf(SpeechEngineException.class)
                .hasMessage("test-engine is busy: 1 calls still running after waiting 200 ms");

        release.countDown();
        assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo("held");
        assertThat(runner.inSlot(() -> "third")).isEqualTo("third");
    }

    @Test
    void shouldKillAProcessThatOutlivesTheTimeout() {
        EngineRunner runner = new EngineRunner("test-engine", 1, Duration.ofMillis(300));
        try (WorkDirectory dir = WorkDirectory.create()) {
            long before = ProcessHandle.current().children().count();

            assertThatThrownBy(() -> runner.run(List.of("/bin/sleep", "60"), dir))
                    .isInstanceOf(SpeechEngineException.class)
                    .hasMessage("sleep timed out after 300 ms");

            assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).count())
                    .as("live child processes").isLessThanOrEqualTo(before);
        }
    }

    @Test
    void shouldHandTheOutputAndExitCodeBack() {
        EngineRunner runner = new EngineRunner("test-engine", 1, Duration.ofSeconds(10));
        try (WorkDirectory dir = WorkDirectory.create()) {
            EngineRunner.Run run = runner.run(List.of("/bin/ls", dir.path().toString(), "/nonexistent"), dir);

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.stdout()).contains("ls.out").contains("ls.err");
            assertThat(run.stderr()).contains("/nonexistent");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
