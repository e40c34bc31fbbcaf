package io.parley.ingest.tracing;

import java.util.Optional;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;

/**
 * The trace id of the request being answered, for the answer itself: a caller quoting it lets an
 * operator find every hop of that turn (ingest, the engine's decision, delivery's calls) in one trace.
 */
@Component
public class TraceIds {

    private final Tracer tracer;

    TraceIds(Tracer tracer) {
        this.tracer = tracer;
    }

    /** The current trace's id, when the request runs in one. */
    public Optional<String> current() {
        Span span = tracer.currentSpan();
        return span == null ? Optional.empty() : Optional.of(span.context().traceId());
    }

    /**
     * An error message as the dialect's body carries it: a server-side failure (5xx) names its trace,
     * since that is the one the caller cannot fix and an operator must look up; a client's own mistake
     * is told as it is.
     */
    public String describe(HttpStatusCode status, String message) {
        if (!status.is5xxServerError()) {
            return message;
        }
        return current().map(traceId -> message + " (trace " + traceId + ")").orElse(message);
    }
}
