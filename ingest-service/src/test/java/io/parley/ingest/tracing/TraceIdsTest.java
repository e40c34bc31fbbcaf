package io.parley.ingest.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class TraceIdsTest {

    private final SimpleTracer tracer = new SimpleTracer();
    private final TraceIds traceIds = new TraceIds(tracer);

    @Test
    void aServerSideFailureNamesTheTraceItsRequestRanIn() {
        Span request = tracer.nextSpan().start();
        try (Tracer.SpanInScope ignored = tracer.withSpan(request)) {
            String traceId = request.context().traceId();
            assertThat(traceId).isNotBlank();
            assertThat(traceIds.current()).contains(traceId);
            assertThat(traceIds.describe(HttpStatus.GATEWAY_TIMEOUT, "the engine did not answer; try again"))
                    .isEqualTo("the engine did not answer; try again (trace " + traceId + ")");
        } finally {
            request.end();
        }
    }

    @Test
    void aClientsOwnMistakeIsToldAsItIs() {
        Span request = tracer.nextSpan().start();
        try (Tracer.SpanInScope ignored = tracer.withSpan(request)) {
            assertThat(traceIds.describe(HttpStatus.BAD_REQUEST, "message must be text")).isEqualTo("message must be text");
        } finally {
            request.end();
        }
    }

    @Test
    void outsideATraceNothingIsAdded() {
        assertThat(traceIds.current()).isEmpty();
        assertThat(traceIds.describe(HttpStatus.INTERNAL_SERVER_ERROR, "a server error occurred"))
                .isEqualTo("a server error occurred");
    }
}
