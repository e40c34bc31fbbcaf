package io.parley.ingest.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.parley.ingest.IngestProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Checks the admin API's bearer token. */
@Component
class AdminAuthorization {

    private static final String BEARER = "Bearer ";

    private final byte[] token;

    AdminAuthorization(IngestProperties properties) {
        String configured = properties.adminToken();
        this.token = configured == null || configured.isBlank() ? null : configured.getBytes(StandardCharsets.UTF_8);
    }

    void check(String authorization) {
        if (token == null) {
            throw new AdminException(HttpStatus.FORBIDDEN, "the admin API is disabled: set parley.ingest.admin-token");
        }
        if (authorization == null || !authorization.startsWith(BEARER)) {
            throw new AdminException(HttpStatus.UNAUTHORIZED, "an Authorization: Bearer <admin token> header is required");
        }
        byte[] given = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        // Constant time: the comparison must not tell how much of a guessed token was right.
        if (!MessageDigest.isEqual(token, given)) {
            throw new AdminException(HttpStatus.UNAUTHORIZED, "wrong admin token");
        }
    }
}
