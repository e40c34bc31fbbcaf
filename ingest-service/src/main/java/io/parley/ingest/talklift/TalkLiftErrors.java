package io.parley.ingest.talklift;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import io.parley.ingest.ClientFaults;
import io.parley.ingest.tracing.TraceIds;
import io.parley.ingest.accounts.Throttle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** TalkLift's error table: every failure of its API is one of the seed's codes with a JSON {@code detail}. */
@RestControllerAdvice(basePackageClasses = TalkLiftErrors.class)
class TalkLiftErrors {

    private static final Logger log = LoggerFactory.getLogger(TalkLiftErrors.class);

    private final TraceIds traceIds;

    TalkLiftErrors(TraceIds traceIds) {
        this.traceIds = traceIds;
    }

    @ExceptionHandler(TalkLiftException.class)
    ResponseEntity<Map<String, Object>> talkLift(TalkLiftException e) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
        if (e.status() == HttpStatus.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Token");
        }
        return response.body(Map.of("detail", traceIds.describe(e.status(), e.getMessage())));
    }

    /** Django REST framework's throttled answer. */
    @ExceptionHandler(Throttle.ThrottledException.class)
    ResponseEntity<Map<String, Object>> throttled(Throttle.ThrottledException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(Map.of("detail", e.getMessage()));
    }

    /** Django REST framework's words for a body that is not JSON. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        return talkLift(new TalkLiftException(HttpStatus.BAD_REQUEST, "JSON parse error: the body is not a valid JSON object."));
    }

    /** Kafka did not take the write in time: nothing was recorded, so the caller may send again. */
    @ExceptionHandler({TimeoutException.class, ExecutionException.class})
    ResponseEntity<Map<String, Object>> unavailable(Exception e) {
        log.warn("TalkLift call not recorded: {}", e.toString());
        return talkLift(new TalkLiftException(HttpStatus.SERVICE_UNAVAILABLE,
                "The request could not be recorded; nothing was changed. Try again later."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> unexpected(Exception e) {
        var fault = ClientFaults.of(e);
        if (fault.isPresent()) {
            return talkLift(new TalkLiftException(fault.get().status(), fault.get().message()));
        }
        log.error("unexpected failure on the TalkLift API", e);
        return talkLift(new TalkLiftException(HttpStatus.INTERNAL_SERVER_ERROR, "A server error occurred."));
    }
}
