package io.parley.ingest.admin;

import java.util.Map;

import io.parley.ingest.ClientFaults;
import io.parley.ingest.tracing.TraceIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Admin API errors as JSON: status, message and, for invalid bots, the list of faults. */
@RestControllerAdvice(assignableTypes = {AdminBotController.class, AdminAccountController.class})
class AdminErrors {

    private static final Logger log = LoggerFactory.getLogger(AdminErrors.class);

    private final TraceIds traceIds;

    AdminErrors(TraceIds traceIds) {
        this.traceIds = traceIds;
    }

    @ExceptionHandler(AdminException.class)
    ResponseEntity<Map<String, Object>> admin(AdminException e) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
        if (e.status() == HttpStatus.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"parley-admin\"");
        }
        return response.body(AdminBotController.AdminError.of(e, traceIds.describe(e.status(), e.getMessage())));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> badPath(MethodArgumentTypeMismatchException e) {
        return admin(new AdminException(HttpStatus.NOT_FOUND, e.getName() + " must be numeric"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> unexpected(Exception e) {
        var fault = ClientFaults.of(e);
        if (fault.isPresent()) {
            return admin(new AdminException(fault.get().status(), fault.get().message()));
        }
        log.error("admin call failed", e);
        return admin(new AdminException(HttpStatus.INTERNAL_SERVER_ERROR, "internal error; try again"));
    }
}
