package io.parley.infra;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of every child process the infrastructure starts: runs the real main class and exits
 * when standard input closes, which happens when the parent JVM dies, even by {@code kill -9}. Without
 * it a broker or registry would outlive a crashed test run and hold its port.
 *
 * <p>Usage: {@code java -cp ... io.parley.infra.ParentWatch <main class> [args...]}
 */
public final class ParentWatch {

    private ParentWatch() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("usage: ParentWatch <main class> [args...]");
            System.exit(2);
        }
        Thread watcher = new Thread(ParentWatch::exitWhenStdinCloses, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }

    private static void exitWhenStdinCloses() {
        InputStream in = System.in;
        byte[] buffer = new byte[64];
        try {
            while (in.read(buffer) >= 0) {
                // the parent never writes; reading only waits for end of stream
            }
        } catch (IOException e) {
            // a broken pipe means the parent is gone as well
        }
        System.exit(0);
    }
}
