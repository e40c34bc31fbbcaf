package io.parley.ingest.talklift;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.parley.ingest.IngestProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * TalkLift's 429: each API token (each client address for sign-ins, which slows password guessing)
 * has a token bucket; an empty bucket answers 429 with {@code Retry-After}. Buckets are per ingest
 * instance, so a deployment of N instances lets through up to N times the rate.
 */
@Configuration(proxyBeanMethods = false)
class RateLimits implements WebMvcConfigurer, HandlerInterceptor {

    private final double perSecond;
    private final int burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimits(IngestProperties properties) {
        this.perSecond = properties.rateLimit().perSecond();
        this.burst = properties.rateLimit().burst();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/v1/**", "/api-token-auth/");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        String caller = authorization != null ? "token " + authorization : "address " + request.getRemoteAddr();
        long waitMillis = buckets.computeIfAbsent(caller, key -> new Bucket(burst)).take(perSecond, burst, System.nanoTime());
        if (waitMillis == 0) {
            return true;
        }
        long seconds = Math.max(1, (waitMillis + 999) / 1000);
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write("{\"detail\": \"Request was throttled. Expected available in " + seconds + " seconds.\"}");
        return false;
    }

    /** Tokens refill continuously at {@code perSecond}, up to {@code burst}. */
    private static final class Bucket {
        private double tokens;
        private long updatedNanos = System.nanoTime();

        Bucket(int burst) {
            this.tokens = burst;
        }

        /** Takes one token; returns 0, or how long until one is there. */
        synchronized long take(double perSecond, int burst, long nowNanos) {
            tokens = Math.min(burst, tokens + (nowNanos - updatedNanos) / 1e9 * perSecond);
            updatedNanos = nowNanos;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perSecond * 1000);
        }
    }
}
