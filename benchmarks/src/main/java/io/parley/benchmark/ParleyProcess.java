package io.parley.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code ./parley} run as its script runs it: a JVM of its own, on this classpath. */
record ParleyProcess(int status, String out, String err) {

    static ParleyProcess run(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.parley.audit.ParleyCli"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("parley", ".out");
        Path err = Files.createTempFile("parley", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(Duration.ofMinutes(10).toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            return new ParleyProcess(-1, Files.readString(out), Files.readString(err));
        }
        ParleyProcess done = new ParleyProcess(process.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return done;
    }
}
