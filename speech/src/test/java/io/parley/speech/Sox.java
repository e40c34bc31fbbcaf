package io.parley.speech;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Makes test audio in other formats with the same sox the recognizer uses. */
final class Sox {

    private Sox() {
    }

    /**
     * @param outputType sox's name for the output format, e.g. {@code wav}, {@code flac}, {@code ogg}
     * @param outputOptions e.g. {@code -r 44100 -c 2}
     */
    static byte[] convert(byte[] wav, String outputType, String... outputOptions) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("parley-speech-test-");
        try {
            Path in = Files.write(dir.resolve("in.wav"), wav);
            Path out = dir.resolve("out." + outputType);
            List<String> command = new ArrayList<>(List.of("sox", "-V1", "-D", in.toString()));
            command.addAll(List.of(outputOptions));
            command.add(out.toString());
            run(command, dir);
            return Files.readAllBytes(out);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    /** {@code seconds} of digital silence, 16 kHz mono WAV. */
    static byte[] silence(double seconds) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("parley-speech-test-");
        Path out = dir.resolve("silence.wav");
        try {
            run(List.of("sox", "-V1", "-n", "-r", "16000", "-c", "1", "-b", "16", out.toString(),
                    "trim", "0", Double.toString(seconds)), dir);
            return Files.readAllBytes(out);
        } finally {
            Files.deleteIfExists(out);
            Files.delete(dir);
        }
    }

    private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sox.log").toFile()).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("sox finished").isTrue();
        String log = Files.readString(dir.resolve("sox.log"));
        Files.delete(dir.resolve("sox.log"));
        assertThat(process.exitValue()).as("sox exit code, log: %s", log).isZero();
    }
}
