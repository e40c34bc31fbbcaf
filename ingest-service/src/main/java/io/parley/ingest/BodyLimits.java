package io.parley.ingest;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request body is read through a cap: the bot file's size on {@code /admin/bots}, the body size
 * elsewhere. A larger body fails its reader with {@link LimitedBody.TooLargeException}, which each
 * dialect answers as 413; Tomcat caps forms and multipart uploads itself (configured beside this).
 */
@Component
class BodyLimits extends OncePerRequestFilter {

    private final long maxBodyBytes;
    private final long maxBotBytes;

    BodyLimits(IngestProperties properties) {
        this.maxBodyBytes = properties.maxBodySize().toBytes();
        this.maxBotBytes = properties.maxBotSize().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType != null && contentType.regionMatches(true, 0, "multipart/", 0, "multipart/".length())) {
            chain.doFilter(request, response);
            return;
        }
        long limit = request.getRequestURI().startsWith("/admin/bots") ? maxBotBytes : maxBodyBytes;
        chain.doFilter(LimitedBody.limited(request, limit), response);
    }
}
