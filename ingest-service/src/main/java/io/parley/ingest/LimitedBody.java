package io.parley.ingest;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/** Reads a request body up to a limit, refusing a larger one before or while reading it. */
public final class LimitedBody {

    private LimitedBody() {
    }

    /**
     * Thrown for a body over the limit; each dialect answers it in its own words. An {@link IOException},
     * so that it reaches the dialect's error handler through any reader of a {@link #limited} stream.
     */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long limit) {
            super("the body is larger than " + limit + " bytes");
        }
    }

    /** The request with a body that cannot be read past {@code maxBytes}, whoever reads it. */
    public static HttpServletRequest limited(HttpServletRequest request, long maxBytes) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (request.getContentLengthLong() > maxBytes) {
                    throw new TooLargeException(maxBytes);
                }
                return new CappedStream(request.getInputStream(), maxBytes);
            }
        };
    }

    private static final class CappedStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long maxBytes;
        private long read;

        CappedStream(ServletInputStream in, long maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws TooLargeException {
            read += n;
            if (read > maxBytes) {
                throw new TooLargeException(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }

    public static byte[] read(HttpServletRequest request, long maxBytes) throws IOException {
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
