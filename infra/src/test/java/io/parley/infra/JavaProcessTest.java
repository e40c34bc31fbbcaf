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

    /** Writes the file named by its argument when it is stopped gracefully (its shutdown hooks run). */
    public static final class NotesAGracefulStop {
        public static void main(String[] args) throws IOException {
            Path note = Path.of(args[0]);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Files.writeString(note, "stopped gracefully");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
            System.out.println("hook registered");
            RunsUntilStopped.main(args);
        }
    }

    @Test
    void killingAChildIsACrashWhereClosingItIsAGracefulStop() throws Exception {
        Path killedNote = logs.resolve("killed.note");
        Path closedNote = logs.resolve("closed.note");
        String classpath = System.getProperty("java.class.path");
        try (JavaProcess killed = JavaProcess.start("killed", classpath, List.of(), NotesAGracefulStop.class.getName(),
                     List.of(killedNote.toString()), logs.resolve("killed.log"));
             JavaProcess closed = JavaProcess.start("closed", classpath, List.of(), NotesAGracefulStop.class.getName(),
                     List.of(closedNote.toString()), logs.resolve("closed.log"))) {
            // Both must have registered their hook before they are stopped.
            await().atMost(Duration.ofSeconds(20)).until(() -> registeredItsHook(logs.resolve("killed.log"))
                    && registeredItsHook(logs.resolve("closed.log")));

            killed.kill();
            closed.close();

            assertThat(killed.isAlive()).isFalse();
            assertThat(closed.isAlive()).isFalse();
            assertThat(killedNote).as("a kill -9 runs no shutdown hook").doesNotExist();
            assertThat(closedNote).as("a graceful stop runs them").hasContent("stopped gracefully");
        }
    }

    private static boolean registeredItsHook(Path log) throws IOException {
        return Files.exists(log) && Files.readString(log).contains("hook registered");
    }

    /** Fields 5 and 6 of /proc/<pid>/stat; the command name before them may hold spaces, hence after its ')'. */
    private static String[] processGroupAndSession(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new String[] {after[2], after[3]};
    }
}
