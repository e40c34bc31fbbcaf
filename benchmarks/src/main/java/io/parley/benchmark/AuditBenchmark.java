package io.parley.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.parley.infra.SharedTestInfrastructure;
import io.parley.infra.SyntheticEventLog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./benchmark audit}: how fast {@code ./parley audit export} reads the log back, and in how
 * little memory, and how fast {@code ./parley audit replay} re-runs recorded commands. Writes a
 * conversation log of the given size to a broker and registry of its own, then runs the export as
 * {@code ./parley} does, in a JVM of its own with a 256 MB heap, once per format. For the replay it
 * writes conversations decided by the engine's own topology (the demo bot, embeddings included) and
 * re-runs them in a JVM of its own.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Speed and memory of ./parley audit export, and speed of ./parley audit replay, on logs written for the purpose.")
public final class AuditBenchmark implements Callable<Integer> {

    @Option(names = "--events", defaultValue = "1000000", description = "Events written, then exported (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--sessions", defaultValue = "10000", description = "Conversations they belong to (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--heap", defaultValue = "256m", description = "The exporting JVM's heap (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--commands", defaultValue = "50000",
            description = "Commands recorded, then re-run by audit replay (default: ${DEFAULT-VALUE}; 0 skips the replay).")
    int commands;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AuditBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        SharedTestInfrastructure infra = SharedTestInfrastructure.get();
        if (events > 0 && exportBenchmark(infra) != 0) {
            return 1;
        }
        return commands > 0 ? new ReplayBenchmark(infra, commands).run() : 0;
    }

    private int exportBenchmark(SharedTestInfrastructure infra) throws Exception {
        long started = System.nanoTime();
        SyntheticEventLog.write(infra, "benchmark", events, sessions);
        double writeSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("wrote %,d events in %,d conversations: %.1f s (%,.0f events/s)%n", events, sessions, writeSeconds,
                events / writeSeconds);
        Path dir = Files.createTempDirectory("audit-benchmark");
        for (String format : List.of("jsonl", "csv", "avro")) {
            Path out = dir.resolve("export." + format);
            long begin = System.nanoTime();
            int status = ParleyProcess.run(List.of("-Xmx" + heap), "audit", "export", "--bootstrap", infra.bootstrapServers(),
                    "--registry", infra.registryUrl(), "--bot", "benchmark/1", "--format", format, "-o", out.toString()).status();
            double seconds = (System.nanoTime() - begin) / 1e9;
            if (status != 0) {
                System.out.printf("export as %s failed (exit %d)%n", format, status);
                return 1;
            }
            long lines = format.equals("avro") ? events : Files.lines(out).count() - (format.equals("csv") ? 1 : 0);
            System.out.printf("export %s, -Xmx%s: %,d events in %.1f s, %,.0f events/s (JVM start included), %,d MB written%n",
                    format, heap, lines, seconds, lines / seconds, Files.size(out) / (1024 * 1024));
            Files.delete(out);
        }
        return 0;
    }
}
