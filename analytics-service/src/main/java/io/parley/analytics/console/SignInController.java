package io.parley.analytics.console;

import java.time.Duration;
import java.util.Map;

import io.parley.analytics.AnalyticsProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * The console's sign-in: the TalkLift account's e-mail and password, checked by ingest's own
 * {@code POST /api-token-auth/} (its throttle and password hashes stay in one place); the token it
 * answers becomes an HttpOnly, same-site cookie.
 */
@RestController
class SignInController {

    private static final Duration TOKEN_ARRIVAL = Duration.ofSeconds(10);

    private final ConsoleAccounts accounts;
    private final RestClient ingest;

    SignInController(ConsoleAccounts accounts, AnalyticsProperties settings) {
        this.accounts = accounts;
        this.ingest = RestClient.create(settings.ingestUrl());
    }

    record Credentials(String username, String password) {
    }

    @PostMapping(path = "/console/api/session", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> signIn(@RequestBody Credentials credentials, HttpServletRequest request)
            throws InterruptedException {
        if (credentials == null || blank(credentials.username()) || blank(credentials.password())) {
            throw new ConsoleException(HttpStatus.BAD_REQUEST, "Give your e-mail and password.");
        }
        String token = talkLiftToken(credentials);
        Viewer viewer = accounts.awaitViewer(token, TOKEN_ARRIVAL)
                .orElseThrow(() -> new ConsoleException(HttpStatus.SERVICE_UNAVAILABLE, "Sign-in is not available right now; try again."));
        ResponseCookie cookie = ResponseCookie.from(ConsoleAccounts.COOKIE, token)
                .httpOnly(true).secure(request.isSecure()).sameSite("Strict").path("/").build();
        return ResponseEntity.ok().header(HttpHeaders.SET_COOKIE, cookie.toString())
                .body(Map.of("email", viewer.email(), "bots", viewer.bots()));
    }

    @GetMapping(path = "/console/api/session", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> current(HttpServletRequest request) {
        Viewer viewer = accounts.viewer(request);
        return Map.of("email", viewer.email(), "bots", viewer.bots());
    }

    /** Signs out of the console (the TalkLift token itself stays valid; revoke it at ingest). */
    @DeleteMapping("/console/api/session")
    ResponseEntity<Void> signOut() {
        ResponseCookie cleared = ResponseCookie.from(ConsoleAccounts.COOKIE, "").httpOnly(true).sameSite("Strict").path("/")
                .maxAge(0).build();
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, cleared.toString()).build();
    }

    private String talkLiftToken(Credentials credentials) {
        try {
            Map<?, ?> answer = ingest.post().uri("/api-token-auth/")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("username", credentials.username(), "password", credentials.password()))
                    .retrieve()
                    .onStatus(HttpStatusCode::isError, (req, response) -> {
                        throw refused(response.getStatusCode());
                    })
                    .body(Map.class);
            Object token = answer == null ? null : answer.get("token");
            if (!(token instanceof String text) || text.isBlank()) {
                throw new ConsoleException(HttpStatus.SERVICE_UNAVAILABLE, "Sign-in is not available right now; try again.");
            }
            return text;
        } catch (ResourceAccessException e) {
            throw new ConsoleException(HttpStatus.SERVICE_UNAVAILABLE, "Sign-in is not available right now; try again.");
        }
    }

    private static ConsoleException refused(HttpStatusCode status) {
        if (status.value() == HttpStatus.TOO_MANY_REQUESTS.value()) {
            return new ConsoleException(HttpStatus.TOO_MANY_REQUESTS, "Too many sign-ins; wait a minute.");
        }
        if (status.is4xxClientError()) {
            return new ConsoleException(HttpStatus.UNAUTHORIZED, "Wrong e-mail or password.");
        }
        return new ConsoleException(HttpStatus.SERVICE_UNAVAILABLE, "Sign-in is not available right now; try again.");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
