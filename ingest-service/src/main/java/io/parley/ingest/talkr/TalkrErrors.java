package io.parley.ingest.talkr;

import java.util.concurrent.CompletionException;

import io.parley.ingest.ClientFaults;
import io.parley.ingest.tracing.TraceIds;
import io.parley.talkr.TalkrAnswer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Errors of the TALKR endpoint as the seed documents them: a status and {@code variables.error}, never a trace. */
@RestControllerAdvice(assignableTypes = TalkrController.class)
class TalkrErrors {

    private static final Logger log = LoggerFactory.getLogger(TalkrErrors.class);

    private final TraceIds traceIds;

    TalkrErrors(TraceIds traceIds) {
        this.traceIds = traceIds;
    }

    @ExceptionHandler(TalkrException.class)
    ResponseEntity<TalkrAnswer> talkr(TalkrException e) {
        if (e.status().is5xxServerError()) {
            log.warn("TALKR turn failed: {}", e.getMessage());
        }
        return ResponseEntity.status(e.status()).body(TalkrAnswer.error(e.status().value(), e.session(),
                traceIds.describe(e.status(), e.getMessage())));
    }

    @ExceptionHandler(CompletionException.class)
    ResponseEntity<TalkrAnswer> async(CompletionException e) {
        if (e.getCause() instanceof TalkrException talkr) {
            return talkr(talkr);
        }
        return unexpected(e);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<TalkrAnswer> unexpected(Exception e) {
        var fault = ClientFaults.of(e);
        if (fault.isPresent()) {
            return talkr(new TalkrException(fault.get().status(), fault.get().message()));
        }
        log.error("unexpected failure on the TALKR endpoint", e);
        HttpStatus status = HttpStatus.INTERNAL_SERVER_ERROR;
        return ResponseEntity.status(status).body(TalkrAnswer.error(status.value(), null,
                traceIds.describe(status, "internal error; try again in a few seconds")));
    }
}
