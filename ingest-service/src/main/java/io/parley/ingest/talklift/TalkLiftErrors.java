package io.parley.ingest.talklift;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** TalkLift's error table: every failure of its API is one of the seed's codes with a JSON {@code detail}. */
@RestControllerAdvice(basePackageClasses = TalkLiftErrors.class)
class TalkLiftErrors {

    private static final Logger log = LoggerFactory.getLogger(TalkLiftErrors.class);

    @ExceptionHandler(TalkLiftException.class)
    ResponseEntity<Map<String, Object>> talkLift(TalkLiftException e) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
        if (e.status() == HttpStatus.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Token");
        }
        return response.body(Map.of("detail", e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        return talkLift(new TalkLiftException(HttpStatus.BAD_REQUEST, "JSON parse error: the body is not a valid JSON object."));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
        return talkLift(new TalkLiftException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json."));
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
        log.error("unexpected failure on the TalkLift API", e);
        return talkLift(new TalkLiftException(HttpStatus.INTERNAL_SERVER_ERROR, "A server error occurred."));
    }
}
