package io.parley.ingest;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;

/** Reads a request body up to a limit, refusing a larger one before or while reading it. */
public final class LimitedBody {

    private LimitedBody() {
    }

    /** Thrown for a body over the limit; each dialect answers it in its own words. */
    public static final class TooLargeException extends Exception {
        private static final long serialVersionUID = 1L;

        TooLargeException(long limit) {
            super("the body is larger than " + limit + " bytes");
        }
    }

    public static byte[] read(HttpServletRequest request, long maxBytes) throws IOException, TooLargeException {
        if (request.getContentLengthLong() > maxBytes) {
            throw new TooLargeException(maxBytes);
        }
        try (InputStream in = request.getInputStream()) {
            // One byte more than allowed tells a body of exactly the limit from a larger one.
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 1, maxBytes) + 1);
            if (body.length > maxBytes) {
                throw new TooLargeException(maxBytes);
            }
            return body;
        }
    }
}
