package io.parley.ingest.talklift;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import io.parley.avro.Project;
import io.parley.avro.User;
import io.parley.avro.WebhookSettings;
import io.parley.ingest.accounts.Accounts;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The project's webhook, as TalkLift's "Webhook setup form" sets it (endpoint URL and optional basic
 * auth), plus what Parley adds: a per-call timeout and the secret every call is signed with (made
 * with the first setting, kept by later ones unless {@code rotate_secret} is true).
 * Whether the URL may be a private address is the delivery service's decision, made at each call.
 */
@RestController
class WebhookSettingsController {

    private static final int DEFAULT_TIMEOUT_MILLIS = 5000;
    private static final int MAX_TIMEOUT_MILLIS = 30_000;

    private final TalkLiftAuthentication authentication;
    private final Accounts accounts;

    WebhookSettingsController(TalkLiftAuthentication authentication, Accounts accounts) {
        this.authentication = authentication;
        this.accounts = accounts;
    }

    @PutMapping(path = "/api/v1/projects/{projectId}/webhook/", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> set(HttpServletRequest request,
                            @PathVariable String projectId, @RequestBody JsonNode body)
            throws InterruptedException, ExecutionException, TimeoutException {
        Project project = project(request, projectId);
        String url = TalkLiftRequest.required(body, "url");
        if (!isHttpUrl(url)) {
            throw new TalkLiftException(HttpStatus.BAD_REQUEST, "url: Enter a valid http(s) URL.");
        }
        String username = TalkLiftRequest.optional(body, "username");
        String password = TalkLiftRequest.optional(body, "password");
        if ((username == null) != (password == null)) {
            throw new TalkLiftException(HttpStatus.BAD_REQUEST, "username and password go together (basic auth).");
        }
        int timeout = body.has("timeout_ms") ? (int) TalkLiftRequest.number(body, "timeout_ms") : DEFAULT_TIMEOUT_MILLIS;
        if (timeout < 100 || timeout > MAX_TIMEOUT_MILLIS) {
            throw new TalkLiftException(HttpStatus.BAD_REQUEST, "timeout_ms: Must be between 100 and " + MAX_TIMEOUT_MILLIS + ".");
        }
        boolean rotate = body.path("rotate_secret").asBoolean(false);
        return view(project, accounts.setWebhook(project, url, username, password, timeout, rotate));
    }

    @GetMapping(path = "/api/v1/projects/{projectId}/webhook/", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> get(HttpServletRequest request,
                            @PathVariable String projectId) {
        Project project = project(request, projectId);
        if (project.getWebhook() == null) {
            throw new TalkLiftException(HttpStatus.NOT_FOUND, "Project " + project.getId() + " has no webhook.");
        }
        return view(project, project.getWebhook());
    }

    private Project project(HttpServletRequest request, String projectId) {
        User user = authentication.user(request);
        long id;
        try {
            id = Long.parseLong(projectId);
        } catch (NumberFormatException e) {
            throw new TalkLiftException(HttpStatus.NOT_FOUND, "No project " + projectId + ".");
        }
        Project project = accounts.project(id)
                .orElseThrow(() -> new TalkLiftException(HttpStatus.NOT_FOUND, "No project " + projectId + "."));
        if (!Accounts.mayActOn(user, project)) {
            throw new TalkLiftException(HttpStatus.FORBIDDEN, "You do not have access to project " + projectId + ".");
        }
        return project;
    }

    /** The settings as the customer needs them; the basic auth password is never sent back. */
    private static Map<String, Object> view(Project project, WebhookSettings webhook) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("project", project.getId());
        view.put("org", project.getOrgId());
        view.put("url", webhook.getUrl());
        view.put("username", webhook.getBasicAuthUsername());
        view.put("timeout_ms", webhook.getTimeoutMillis());
        view.put("signing_secret", webhook.getSigningSecret());
        return view;
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getHost() != null && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
