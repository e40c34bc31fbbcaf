package io.parley.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.parley.infra.SharedTestInfrastructure;
import io.parley.infra.SyntheticEventLog;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./parley audit export} on a million events, as a user runs it: its own JVM with a 256 MB heap,
 * once whole, and once interrupted (as by Ctrl-C) and resumed with the token it printed.
 */
@Timeout(300)
class AuditExportAtScaleTest {

    private static final int EVENTS = 1_000_000;
    private static final String COMPANY = "scale-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeAMillionEvents() {
        SyntheticEventLog.write(SharedTestInfrastructure.get(), COMPANY, EVENTS, 10_000);
    }

    @Test
    void aMillionEventsExportInA256MbHeapAndAnInterruptedExportResumesToTheSameWhole() throws Exception {
        Path whole = dir.resolve("whole.jsonl");
        Export uninterrupted = export("-o", whole.toString());
        assertThat(uninterrupted.waitFor(240, TimeUnit.SECONDS)).isTrue();
        assertThat(uninterrupted.exitValue()).as(stderr(uninterrupted)).isZero();
        Digest expected = Digest.of(whole);
        assertThat(expected.lines()).isEqualTo(EVENTS);

        Path first = dir.resolve("first.jsonl");
        Export interrupted = export("-o", first.toString());
        // Interrupted as Ctrl-C does (the JVM's shutdown hooks run), once it is well under way.
        Awaitility.await().atMost(java.time.Duration.ofSeconds(120)).until(() -> Files.exists(first) && Files.size(first) > 10_000_000);
        interrupted.destroy();
        assertThat(interrupted.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String said = stderr(interrupted);
        Matcher token = Pattern.compile("--resume (\\S+)").matcher(said);
        assertThat(token.find()).as(said).isTrue();

        Path rest = dir.resolve("rest.jsonl");
        Export resumed = export("--resume", token.group(1), "-o", rest.toString());
        assertThat(resumed.waitFor(240, TimeUnit.SECONDS)).isTrue();
        assertThat(resumed.exitValue()).as(stderr(resumed)).isZero();

        Digest parts = Digest.of(first).plus(Digest.of(rest));
        assertThat(Digest.of(first).lines()).isStrictlyBetween(0L, (long) EVENTS);
        assertThat(parts).isEqualTo(expected);
    }

    /** An export running in a JVM of its own, and where its standard error goes. */
    private record Export(Process process, Path err) {
        boolean waitFor(long seconds, TimeUnit unit) throws InterruptedException {
            return process.waitFor(seconds, unit);
        }

        int exitValue() {
            return process.exitValue();
        }

        void destroy() {
            process.destroy();
        }
    }

    /** The export as ./parley runs it, with a 256 MB heap. */
    private static Export export(String... options) throws IOException {
        SharedTestInfrastructure infra = SharedTestInfrastructure.get();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), ParleyCli.class.getName(), "audit", "export",
                "--bootstrap", infra.bootstrapServers(), "--registry", infra.registryUrl(), "--bot", COMPANY + "/1"));
        command.addAll(List.of(options));
        Path err = Files.createTempFile(dir, "export", ".err");
        return new Export(new ProcessBuilder(command).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start(), err);
    }

    private static String stderr(Export export) throws IOException {
        return Files.readString(export.err());
    }

    /** An order-free summary of a JSON-lines file: how many lines, and the sum of their hashes. */
    private record Digest(long lines, long hashes) {
        static Digest of(Path file) throws IOException {
            long lines = 0;
            long hashes = 0;
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines++;
                    hashes += line.hashCode() * 0x9E3779B97F4A7C15L;
                }
            }
            return new Digest(lines, hashes);
        }

        Digest plus(Digest other) {
            return new Digest(lines + other.lines, hashes + other.hashes);
        }
    }
}
