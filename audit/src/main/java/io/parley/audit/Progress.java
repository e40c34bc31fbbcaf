package io.parley.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A progress bar on standard error (records read, percent of the range, rate, time left) when standard
 * error is a terminal; nothing otherwise, so logs and pipes stay clean.
 */
public final class Progress implements AutoCloseable {

    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /**
     * @param shown true or false as the user asked, null to decide from standard error
     * @param total how many records the range holds
     */
    public static Progress of(String task, long total, Boolean shown) {
        boolean show = shown == null ? standardErrorIsTerminal() : shown;
        return new Progress(!show ? null : new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setUnit(" records", 1)
                .showSpeed()
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build());
    }

    /** Records read so far, and what came of them (e.g. "1,204 events exported"). */
    public void at(long read, String outcome) {
        if (bar != null) {
            bar.stepTo(read);
            bar.setExtraMessage(outcome);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }

    /** Java 17 tells only whether stdin and stdout are both a terminal; Linux names the terminal behind fd 2. */
    static boolean standardErrorIsTerminal() {
        Path stderr = Path.of("/proc/self/fd/2");
        try {
            if (Files.isSymbolicLink(stderr)) {
                String target = Files.readSymbolicLink(stderr).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (IOException | SecurityException unreadable) {
            // Decided below.
        }
        return System.console() != null;
    }
}
