package io.parley.ingest.tracing;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every answer names its trace in {@code X-Trace-Id}, whatever the dialect's body looks like. Ordered
 * after Spring's server observation filter, which opens the request's span.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class TraceIdHeader extends OncePerRequestFilter {

    static final String HEADER = "X-Trace-Id";

    private final TraceIds traceIds;

    TraceIdHeader(TraceIds traceIds) {
        this.traceIds = traceIds;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        traceIds.current().ifPresent(traceId -> response.setHeader(HEADER, traceId));
        chain.doFilter(request, response);
    }
}
