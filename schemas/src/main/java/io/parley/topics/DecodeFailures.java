package io.parley.topics;

import java.io.EOFException;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Tells a record that can never be decoded (bytes that are not Avro in Parley's framing, or name a
 * schema the registry does not have) from one that could not be decoded now (the registry is down,
 * slow or failing). The first may be dead-lettered or skipped; the second must be read again later,
 * never skipped: skipping it would silently lose a bot, an account or a turn.
 */
public final class DecodeFailures {

    private DecodeFailures() {
    }

    /**
     * Whether trying again later may succeed: the failure shows the registry could not be reached or did
     * not answer (an I/O failure, a timeout, its client's own errors), and nothing says the bytes
     * themselves are at fault.
     */
    public static boolean isTransient(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (isAboutTheBytes(e)) {
                return false;
            }
        }
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof IOException || e instanceof TimeoutException || isRegistryClientFailure(e)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAboutTheBytes(Throwable e) {
        String type = e.getClass().getName();
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return e instanceof EOFException
                || type.startsWith("org.apache.avro.")
                || e instanceof ArrayIndexOutOfBoundsException
                || e instanceof IndexOutOfBoundsException
                || e instanceof ClassCastException
                || message.contains("magic byte")
                || message.contains("not found") && message.contains("id")
                || message.contains("no content with id") || message.contains("no artifact with");
    }

    /** The registry's client failing to get an answer: its own exceptions, and the HTTP stacks it runs on. */
    private static boolean isRegistryClientFailure(Throwable e) {
        String type = e.getClass().getName();
        return type.startsWith("io.apicurio.rest.client") || type.startsWith("io.apicurio.registry.rest.client")
                || type.startsWith("io.vertx.") || type.startsWith("java.net.") || type.startsWith("java.net.http.");
    }
}
