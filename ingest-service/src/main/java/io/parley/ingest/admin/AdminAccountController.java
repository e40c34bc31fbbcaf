package io.parley.ingest.admin;

import java.util.List;
import java.util.Map;

import io.parley.ingest.accounts.Accounts;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/accounts}: a new organisation with one project owning some bots, and its first
 * user, who then gets API tokens from {@code /api-token-auth/}.
 */
@RestController
class AdminAccountController {

    private final Accounts accounts;

    AdminAccountController(Accounts accounts) {
        this.accounts = accounts;
    }

    /** What a new account is made of. */
    record NewAccountRequest(String organisation, String project, List<String> bots, String email, String password) {
    }

    // No `consumes`: a mapping that judged the Content-Type would answer 415 before the admin token is
    // checked; the JSON reader refuses another type with the same 415 once the caller is known.
    @PostMapping(path = "/admin/accounts", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> create(@RequestBody NewAccountRequest request) throws Exception {
        if (blank(request.organisation()) || blank(request.project()) || blank(request.email()) || blank(request.password())) {
            throw new AdminException(HttpStatus.BAD_REQUEST, "organisation, project, email and password are required");
        }
        if (!request.email().contains("@")) {
            throw new AdminException(HttpStatus.BAD_REQUEST, "email must be an e-mail address");
        }
        if (request.password().length() < 10) {
            throw new AdminException(HttpStatus.BAD_REQUEST, "password must have at least 10 characters");
        }
        List<String> bots = request.bots() == null ? List.of() : request.bots();
        if (bots.stream().anyMatch(bot -> bot == null || !bot.matches("[A-Za-z0-9_-]+/[0-9]{1,18}"))) {
            throw new AdminException(HttpStatus.BAD_REQUEST, "bots must be a list of company/botId, such as parley-demo/1");
        }
        Accounts.NewAccount account;
        try {
            account = accounts.create(request.organisation(), request.project(),
                    bots, request.email(), request.password());
        } catch (IllegalArgumentException e) {
            throw new AdminException(HttpStatus.CONFLICT, e.getMessage());
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of(
                "org_id", account.orgId(), "project_id", account.projectId(), "username", account.username()));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
