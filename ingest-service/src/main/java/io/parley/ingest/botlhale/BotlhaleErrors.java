package io.parley.ingest.botlhale;

import java.util.LinkedHashMap;
import java.util.Map;

import io.parley.ingest.ClientFaults;
import io.parley.ingest.tracing.TraceIds;
import io.parley.ingest.accounts.Throttle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every failure of the Botlhale API as JSON: {@code {"error": "...", "status": 400}}; never a stack trace. */
@RestControllerAdvice(basePackageClasses = BotlhaleErrors.class)
class BotlhaleErrors {

    private static final Logger log = LoggerFactory.getLogger(BotlhaleErrors.class);

    private final TraceIds traceIds;

    BotlhaleErrors(TraceIds traceIds) {
        this.traceIds = traceIds;
    }

    @ExceptionHandler(BotlhaleException.class)
    ResponseEntity<Map<String, Object>> botlhale(BotlhaleException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", traceIds.describe(e.status(), e.getMessage()));
        body.put("status", e.status().value());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
        if (e.status() == HttpStatus.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        if (e.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, "2");
        }
        return response.body(body);
    }

    @ExceptionHandler(Throttle.ThrottledException.class)
    ResponseEntity<Map<String, Object>> throttled(Throttle.ThrottledException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(botlhale(new BotlhaleException(HttpStatus.TOO_MANY_REQUESTS,
                        "too many requests; try again in " + e.retryAfterSeconds() + " seconds")).getBody());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> unexpected(Exception e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof BotlhaleException botlhale) {
            return botlhale(botlhale);
        }
        if (cause instanceof java.util.concurrent.RejectedExecutionException) {
            return botlhale(new BotlhaleException(HttpStatus.SERVICE_UNAVAILABLE, "the server is busy; try again in a few seconds"));
        }
        var fault = ClientFaults.of(e);
        if (fault.isPresent()) {
            return botlhale(new BotlhaleException(fault.get().status(), fault.get().message()));
        }
        log.error("unexpected failure on the Botlhale API", e);
        return botlhale(new BotlhaleException(HttpStatus.INTERNAL_SERVER_ERROR, "a server error occurred; retrying is safe"));
    }
}
