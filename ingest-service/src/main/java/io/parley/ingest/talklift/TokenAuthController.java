package io.parley.ingest.talklift;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.parley.ingest.accounts.Accounts;
import io.parley.ingest.accounts.Throttle;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * TalkLift's {@code POST /api-token-auth/}: {@code username} (the e-mail) and {@code password}, as
 * JSON or a form, answer {@code {"token": ...}}, the user's current token; {@code DELETE} with the
 * token revokes it. Faults are answered as TalkLift's (Django REST
 * framework) clients expect them: 400 with the field's errors, or {@code non_field_errors}.
 */
@RestController
class TokenAuthController {

    private static final String WRONG = "Unable to log in with provided credentials.";
    private static final String REQUIRED = "This field is required.";

    private final Accounts accounts;
    private final Throttle throttle;

    TokenAuthController(Accounts accounts, Throttle throttle) {
        this.accounts = accounts;
        this.throttle = throttle;
    }

    @PostMapping(path = "/api-token-auth/", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> fromJson(@RequestBody Map<String, Object> body, HttpServletRequest request) throws Exception {
        return signIn(text(body.get("username")), text(body.get("password")), request);
    }

    @PostMapping(path = "/api-token-auth/", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> fromForm(@RequestBody MultiValueMap<String, String> form, HttpServletRequest request)
            throws Exception {
        return signIn(form.getFirst("username"), form.getFirst("password"), request);
    }

    /**
     * Revokes the token the call is made with: it stops working at once, everywhere, and the next
     * sign-in returns a new one. 204; 401 for a token that is not valid.
     */
    @DeleteMapping(path = "/api-token-auth/", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> revoke(HttpServletRequest request) throws Exception {
        if (!accounts.revoke(TalkLiftAuthentication.token(request))) {
            throttle.attemptFrom(request.getRemoteAddr());
            throw TalkLiftAuthentication.invalidToken();
        }
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<Map<String, Object>> signIn(String username, String password, HttpServletRequest request)
            throws Exception {
        throttle.attemptFrom(request.getRemoteAddr());
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            Map<String, Object> missing = new java.util.LinkedHashMap<>();
            if (username == null || username.isBlank()) {
                missing.put("username", List.of(REQUIRED));
            }
            if (password == null || password.isEmpty()) {
                missing.put("password", List.of(REQUIRED));
            }
            return ResponseEntity.badRequest().body(missing);
        }
        throttle.signInAs(username.strip().toLowerCase(Locale.ROOT));
        return accounts.signIn(username, password)
                .<ResponseEntity<Map<String, Object>>>map(token -> ResponseEntity.ok(Map.of("token", token)))
                .orElseGet(() -> ResponseEntity.badRequest().body(Map.of("non_field_errors", List.of(WRONG))));
    }

    private static String text(Object value) {
        return value instanceof String s ? s : null;
    }
}
