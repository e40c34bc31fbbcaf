package io.parley.ingest.botlhale;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

/** Every failure of the Botlhale API as JSON: {@code {"error": "...", "status": 400}}; never a stack trace. */
@RestControllerAdvice(basePackageClasses = BotlhaleErrors.class)
class BotlhaleErrors {

    private static final Logger log = LoggerFactory.getLogger(BotlhaleErrors.class);

    @ExceptionHandler(BotlhaleException.class)
    ResponseEntity<Map<String, Object>> botlhale(BotlhaleException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        body.put("status", e.status().value());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
        if (e.status() == HttpStatus.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.body(body);
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<Map<String, Object>> tooLarge(MaxUploadSizeExceededException e) {
        return botlhale(new BotlhaleException(HttpStatus.CONTENT_TOO_LARGE,
                "the upload is larger than this server accepts"
                        + (e.getMaxUploadSize() > 0 ? " (" + e.getMaxUploadSize() + " bytes)" : "")));
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Map<String, Object>> unreadableForm(MultipartException e) {
        return botlhale(new BotlhaleException(HttpStatus.BAD_REQUEST, "the multipart form could not be read"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
        return botlhale(new BotlhaleException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "send the fields as multipart/form-data or application/x-www-form-urlencoded"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> unexpected(Exception e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof BotlhaleException botlhale) {
            return botlhale(botlhale);
        }
        log.error("unexpected failure on the Botlhale API", e);
        return botlhale(new BotlhaleException(HttpStatus.INTERNAL_SERVER_ERROR, "a server error occurred; retrying is safe"));
    }
}
