package io.parley.speech;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs one engine's executables: an argument list (never a shell; inputs go in files), stdout and stderr
 * to files in the call's work directory (so no pipe can fill up and block the process), a timeout after
 * which the process is killed, and a cap on how many calls run at once (each keeps a core busy).
 */
final class EngineRunner {

    /** Output kept for parsing and error messages; the end of a log says what went wrong. */
    private static final int MAX_OUTPUT_CHARS = 64 * 1024;

    /** How long a killed process may take to go away before its files are deleted anyway. */
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);

    /** What a process printed and how it ended. */
    record Run(int exitCode, String stdout, String stderr) {
    }

    private final String engine;
    private final Duration timeout;
    private final int maxConcurrency;
    private final Semaphore slots;

    EngineRunner(String engine, int maxConcurrency, Duration timeout) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.maxConcurrency = maxConcurrency;
        this.slots = new Semaphore(maxConcurrency, true);
    }

    /** Runs the work holding one of the slots, waiting at most the timeout for one to be free. */
    <T> T inSlot(Supplier<T> work) {
        try {
            if (!slots.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new SpeechEngineException(engine + " is busy: " + maxConcurrency
                        + " calls still running after waiting " + timeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpeechEngineException("Interrupted waiting for " + engine, e);
        }
        try {
            return work.get();
        } finally {
            slots.release();
        }
    }

    /**
     * Runs a command to its end or the timeout, with nothing on standard input.
     *
     * @throws SpeechEngineException when it cannot start, times out or the thread is interrupted
     */
    Run run(List<String> command, WorkDirectory dir) {
        String name = Path.of(command.get(0)).getFileName().toString();
        Path stdout = dir.resolve(name + ".out");
        Path stderr = dir.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.path().toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new SpeechEngineException("Cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                kill(process);
                throw new SpeechEngineException(name + " timed out after " + timeout.toMillis() + " ms");
            }
            return new Run(process.exitValue(), tail(stdout), tail(stderr));
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new SpeechEngineException("Interrupted waiting for " + name, e);
        } catch (IOException e) {
            kill(process);
            throw new SpeechEngineException("Cannot read the output of " + name + ": " + e.getMessage(), e);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            // Wait, so the caller deletes the work directory after the process has let go of its files.
            process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path file) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            long start = Math.max(0, length - MAX_OUTPUT_CHARS);
            byte[] bytes = new byte[(int) (length - start)];
            in.seek(start);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
