package io.parley.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The child processes (broker, registry) are stopped by their parent, in order, and by nobody else. */
class JavaProcessTest {

    @TempDir
    Path logs;

    /** Blocks until its standard input closes, as a broker runs until it is told to stop. */
    public static final class RunsUntilStopped {
        public static void main(String[] args) throws IOException {
            while (System.in.read() >= 0) {
                // the parent never writes
            }
        }
    }

    @Test
    void aChildRunsInASessionOfItsOwnSoATerminalsCtrlCReachesOnlyTheParent() throws Exception {
        assumeThat(Path.of("/proc/self/stat")).as("Linux's process table").exists();
        try (JavaProcess child = JavaProcess.start("child", System.getProperty("java.class.path"), List.of(),
                RunsUntilStopped.class.getName(), List.of(), logs.resolve("child.log"))) {
            String[] own = processGroupAndSession(ProcessHandle.current().pid());
            // The child calls setsid just after it starts: until then it is still in the parent's group.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                String[] childs = processGroupAndSession(child.pid());
                assertThat(childs[0]).as("process group").isNotEqualTo(own[0]);
                assertThat(childs[1]).as("session").isNotEqualTo(own[1]).isEqualTo(Long.toString(child.pid()));
            });
        }
    }

    /** Fields 5 and 6 of /proc/<pid>/stat; the command name before them may hold spaces, hence after its ')'. */
    private static String[] processGroupAndSession(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new String[] {after[2], after[3]};
    }
}
