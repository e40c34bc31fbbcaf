package io.parley.ingest.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.parley.infra.SharedTestInfrastructure;
import io.parley.ingest.IngestApplication;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Accounts and TalkLift tokens against a real broker and registry. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = IngestApplication.class,
        properties = {"spring.config.name=" + IngestApplication.CONFIG_NAME, "parley.ingest.admin-token=s3cret",
                "parley.ingest.rate-limit.per-second=0.01", "parley.ingest.rate-limit.burst=12",
                "parley.ingest.sign-in-limit.per-second=0.01", "parley.ingest.sign-in-limit.burst=30"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccountsApiTest {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedTestInfrastructure.get().serviceProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @Test
    void aNewUserGetsRandomTokensForTheRightPasswordOnly() throws Exception {
        String email = "Ada." + UUID.randomUUID() + "@Example.com";
        HttpResponse<String> created = post("/admin/accounts", "application/json", json.writeValueAsString(Map.of(
                "organisation", "Acme", "project", "Support", "bots", List.of("parley-demo/1"),
                "email", email, "password", "correct horse battery")), "Bearer s3cret");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> claimed = post("/admin/accounts", "application/json", json.writeValueAsString(Map.of(
                "organisation", "Rival", "project", "Takeover", "bots", List.of("parley-demo/1"),
                "email", "rival." + email, "password", "correct horse battery")), "Bearer s3cret");
        assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(409);
        assertThat(claimed.body()).contains("parley-demo/1 belongs to another project");
        assertThat(json.readTree(created.body()).path("username").asString()).isEqualTo(email.toLowerCase());

        JsonNode first = json.readTree(post("/api-token-auth/", "application/json",
                json.writeValueAsString(Map.of("username", email, "password", "correct horse battery")), null).body());
        JsonNode second = json.readTree(post("/api-token-auth/", "application/x-www-form-urlencoded",
                "username=" + email.toLowerCase().replace("@", "%40") + "&password=correct+horse+battery", null).body());
        assertThat(first.path("token").asString()).matches("[0-9a-f]{40}");
        assertThat(second.path("token").asString()).as("the user's current token, as Django REST framework answers")
                .isEqualTo(first.path("token").asString());

        HttpResponse<String> wrong = post("/api-token-auth/", "application/json",
                json.writeValueAsString(Map.of("username", email, "password", "wrong password")), null);
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("Unable to log in with provided credentials.");
        HttpResponse<String> nobody = post("/api-token-auth/", "application/json",
                json.writeValueAsString(Map.of("username", "nobody@example.com", "password", "whatever it is")), null);
        assertThat(nobody.statusCode()).isEqualTo(400);
        HttpResponse<String> missing = post("/api-token-auth/", "application/json", "{\"username\": \"x@y.z\"}", null);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json.readTree(missing.body()).path("password").get(0).asString()).isEqualTo("This field is required.");

        HttpResponse<String> again = post("/admin/accounts", "application/json", json.writeValueAsString(Map.of(
                "organisation", "Other", "project", "P", "email", email, "password", "another password")), "Bearer s3cret");
        assertThat(again.statusCode()).isEqualTo(409);
    }

    @Test
    void sendMessageNeedsAValidTokenAndAccessToTheProject() throws Exception {
        String email = "bob." + UUID.randomUUID() + "@example.com";
        JsonNode account = json.readTree(post("/admin/accounts", "application/json", json.writeValueAsString(Map.of(
                "organisation", "Acme", "project", "Support", "bots", List.of("parley-demo/2"),
                "email", email, "password", "correct horse battery")), "Bearer s3cret").body());
        String token = json.readTree(post("/api-token-auth/", "application/json",
                json.writeValueAsString(Map.of("username", email, "password", "correct horse battery")), null).body())
                .path("token").asString();
        long org = account.path("org_id").asLong();
        long project = account.path("project_id").asLong();
        String message = json.writeValueAsString(Map.of("session_id", "no-such-session", "channel", "WEB", "text", "hi",
                "org_id", org, "project_id", project));

        assertThat(post("/api/v1/sessions/send_message/", "application/json", message, null).statusCode()).isEqualTo(401);
        assertThat(post("/api/v1/sessions/send_message/", "application/json", message, "Token " + "0".repeat(40)).statusCode())
                .isEqualTo(401);
        String otherOrg = message.replace("\"org_id\":" + org, "\"org_id\":" + (org + 1));
        assertThat(post("/api/v1/sessions/send_message/", "application/json", otherOrg, "Token " + token).statusCode())
                .isEqualTo(403);
        HttpResponse<String> unknown = post("/api/v1/sessions/send_message/", "application/json", message, "Token " + token);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json.readTree(unknown.body()).path("detail").asString()).contains("no-such-session");
        HttpResponse<String> badChannel = post("/api/v1/sessions/send_message/", "application/json",
                message.replace("\"WEB\"", "\"FAX\""), "Token " + token);
        assertThat(badChannel.statusCode()).isEqualTo(400);
        assertThat(badChannel.body()).contains("is not a valid choice");
    }

    @Test
    void aRevokedTokenStopsWorkingAtOnceAndTheNextSignInGetsANewOne() throws Exception {
        String email = "carol." + UUID.randomUUID() + "@example.com";
        post("/admin/accounts", "application/json", json.writeValueAsString(Map.of("organisation", "Acme", "project", "Revoke",
                "email", email, "password", "correct horse battery")), "Bearer s3cret");
        String signIn = json.writeValueAsString(Map.of("username", email, "password", "correct horse battery"));
        String token = json.readTree(post("/api-token-auth/", "application/json", signIn, null).body()).path("token").asString();
        String message = "{\"session_id\": \"s\", \"channel\": \"WEB\", \"text\": \"hi\", \"org_id\": 1, \"project_id\": 1}";
        assertThat(post("/api/v1/sessions/send_message/", "application/json", message, "Token " + token).statusCode()).isEqualTo(403);

        assertThat(send("DELETE", "/api-token-auth/", "Token " + token).statusCode()).isEqualTo(204);
        assertThat(post("/api/v1/sessions/send_message/", "application/json", message, "Token " + token).statusCode()).isEqualTo(401);
        assertThat(send("DELETE", "/api-token-auth/", "Token " + token).statusCode()).as("revoked already").isEqualTo(401);

        String renewed = json.readTree(post("/api-token-auth/", "application/json", signIn, null).body()).path("token").asString();
        assertThat(renewed).matches("[0-9a-f]{40}").isNotEqualTo(token);
        assertThat(post("/api/v1/sessions/send_message/", "application/json", message, "Token " + renewed).statusCode()).isEqualTo(403);
    }

    @Test
    void aUserThatCallsTooOftenIsToldToWaitWithRetryAfter() throws Exception {
        String email = "busy." + UUID.randomUUID() + "@example.com";
        JsonNode account = json.readTree(post("/admin/accounts", "application/json", json.writeValueAsString(Map.of(
                "organisation", "Acme", "project", "Busy", "email", email, "password", "correct horse battery")),
                "Bearer s3cret").body());
        String token = json.readTree(post("/api-token-auth/", "application/json",
                json.writeValueAsString(Map.of("username", email, "password", "correct horse battery")), null).body())
                .path("token").asString();
        String body = json.writeValueAsString(Map.of("session_id", "s", "channel", "WEB", "text", "hi",
                "org_id", account.path("org_id").asLong(), "project_id", account.path("project_id").asLong()));
        int throttled = 0;
        String retryAfter = null;
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = post("/api/v1/sessions/send_message/", "application/json", body, "Token " + token);
            if (response.statusCode() == 429) {
                throttled++;
                retryAfter = response.headers().firstValue("Retry-After").orElse(null);
                assertThat(response.body()).contains("Request was throttled");
            } else {
                assertThat(response.statusCode()).as("an unknown session is 404 until the user is throttled").isEqualTo(404);
            }
        }
        assertThat(throttled).as("a burst of 12 lets 12 through").isEqualTo(8);
        assertThat(retryAfter).isNotNull();
        assertThat(Integer.parseInt(retryAfter)).isPositive();
    }

    @Test
    @Order(Integer.MAX_VALUE) // it spends the address's sign-ins: last, so that the other tests can sign in
    void guessesAreThrottledByAddressWhateverHeaderOrUsernameTheyCarry() throws Exception {
        int refused = 0;
        for (int i = 0; i < 40; i++) {
            // A new header, a new username and a new made-up token with each attempt: none of them resets the count.
            String guess = i % 2 == 0
                    ? post("/api-token-auth/", "application/json", json.writeValueAsString(Map.of(
                            "username", "guess" + i + "@example.com", "password", "password " + i)), "Token " + UUID.randomUUID())
                            .statusCode() + ""
                    : post("/api/v1/sessions/send_message/", "application/json", "{}",
                            "Token " + UUID.randomUUID().toString().replace("-", "")).statusCode() + "";
            if (guess.equals("429")) {
                refused++;
            } else {
                assertThat(guess).isIn("400", "401");
            }
        }
        // The address may make 30 attempts at once (others of this class's tests spend a few of them).
        assertThat(refused).isBetween(10, 30);
    }

    private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", authorization)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String contentType, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
