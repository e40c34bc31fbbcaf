package io.parley.ingest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.parley.talkr.TalkrAnswer;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the web server answers when no dialect's handler did (a fault before any controller, an
 * unknown path): JSON for any {@code Accept}, TalkLift's {@code detail} on its paths, TALKR's answer
 * on TALKR's and {@code {"error", "status"}} elsewhere, a client's fault as its 4xx, and never a page, a trace or a
 * Java type.
 */
@RestController
class JsonErrors implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(JsonErrors.class);
    /** TALKR's {@code /{company}/{botId}/{channel}}: three segments, none of them another API's. */
    private static final Pattern TALKR_PATH = Pattern.compile(
            "/(?!api/|api-token-auth|admin/|speech/|messenger/|widget/|demo/|actuator/)[^/]+/[^/]+/[^/]+/?");

    @RequestMapping(path = "/error", produces = MediaType.ALL_VALUE)
    ResponseEntity<Object> error(HttpServletRequest request) {
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.resolve(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        String message = status.is5xxServerError() ? "a server error occurred; try again" : status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT);
        if (failure instanceof Throwable thrown) {
            var fault = ClientFaults.of(thrown);
            if (fault.isPresent()) {
                status = fault.get().status();
                message = fault.get().message();
            } else {
                log.error("unhandled failure on {}", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), thrown);
            }
        }
        String path = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        Object body;
        if (path.startsWith("/api/v1/") || path.startsWith("/api-token-auth")) {
            body = Map.of("detail", message);
        } else if (TALKR_PATH.matcher(path).matches()) {
            body = TalkrAnswer.error(status.value(), null, message);
        } else {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", message);
            error.put("status", status.value());
            body = error;
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
