package io.parley.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The vendors' client examples, filled in as a customer would and run by their own interpreters. */
final class ExampleScripts {

    private ExampleScripts() {
    }

    /** The example {@code name} from the test resources, with each placeholder replaced, written to {@code dir}. */
    static Path example(Path dir, String name, Map<String, String> fills) throws IOException {
        String code;
        try (var in = ExampleScripts.class.getResourceAsStream("/seed-examples/" + name)) {
            code = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> fill : fills.entrySet()) {
            code = code.replace(fill.getKey(), fill.getValue());
        }
        Path file = dir.resolve(name);
        Files.writeString(file, code);
        return file;
    }

    /** Runs the command and returns what it printed; fails when it fails or takes over a minute. */
    static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s failed:%n%s%n%s", String.join(" ", command), out, err).isZero();
        return out;
    }

    /** The first interpreter that runs {@code check} successfully, or null. */
    static String firstWorking(List<String> candidates, String... check) {
        for (String candidate : candidates) {
            List<String> command = new ArrayList<>(List.of(candidate));
            command.addAll(List.of(check));
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                process.getInputStream().readAllBytes();
                if (process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException | InterruptedException e) {
                // not installed: try the next
            }
        }
        return null;
    }
}
