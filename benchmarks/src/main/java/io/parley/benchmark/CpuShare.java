package io.parley.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Who used the CPU while a phase ran: this JVM (benchmark client and the in-process services), its
 * child processes (broker, registry), and the rest of the machine, from Linux's /proc/stat less ours.
 * Another build on the same cores skews every figure; the load average cannot tell it from our threads.
 */
final class CpuShare {

    /** /proc/stat counts in USER_HZ, which is 100 on every Linux we run on. */
    private static final double TICKS_PER_SECOND = 100;

    private final double machineAtStart;
    private final Map<String, Double> oursAtStart;
    private final long startedNanos;

    private CpuShare() {
        this.machineAtStart = machineBusySeconds();
        this.oursAtStart = ourCpuSeconds();
        this.startedNanos = System.nanoTime();
    }

    static CpuShare begin() {
        return new CpuShare();
    }

    /** Cores used on average since {@link #begin()} by each of our processes and by all others. */
    Map<String, Double> cores() {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        Map<String, Double> cores = new LinkedHashMap<>();
        double ours = 0;
        for (Map.Entry<String, Double> now : ourCpuSeconds().entrySet()) {
            double used = now.getValue() - oursAtStart.getOrDefault(now.getKey(), 0.0);
            cores.put(now.getKey(), used / seconds);
            ours += used;
        }
        cores.put("other processes", Math.max(0, (machineBusySeconds() - machineAtStart - ours) / seconds));
        return cores;
    }

    double otherCores() {
        return cores().get("other processes");
    }

    String describe() {
        StringBuilder text = new StringBuilder("cores used:");
        cores().forEach((who, used) -> text.append(String.format(" %s %.2f,", who, used)));
        return text.substring(0, text.length() - 1);
    }

    /** User, nice and system time of all cores (interrupt time is left out: loopback traffic lands there). */
    private static double machineBusySeconds() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            return (Long.parseLong(cpu[1]) + Long.parseLong(cpu[2]) + Long.parseLong(cpu[3])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static Map<String, Double> ourCpuSeconds() {
        ProcessHandle self = ProcessHandle.current();
        Map<String, Double> seconds = new LinkedHashMap<>();
        Stream.concat(Stream.of(self), self.descendants()).forEach(process -> seconds.merge(
                process.equals(self) ? "this JVM" : role(process),
                process.info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9, Double::sum));
        return seconds;
    }

    private static String role(ProcessHandle process) {
        String command = String.join(" ", process.info().arguments().orElse(new String[0]));
        if (command.contains("kafka.Kafka")) {
            return "broker";
        }
        return command.contains("registry") ? "registry" : "child " + process.pid();
    }
}
