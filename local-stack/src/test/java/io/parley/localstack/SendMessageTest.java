package io.parley.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A customer's backend, signed in with a TalkLift token, sends a message to a user on the web: it
 * is pushed to the user's stream with its button, and the button's postback is the user's next turn.
 */
class SendMessageTest {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final JsonMapper json = JsonMapper.builder().build();

    private static RunningParley parley;
    private static String token;
    private static long org;
    private static long project;

    @BeforeAll
    static void signIn() throws Exception {
        parley = RunningParley.get();
        String email = "backend." + UUID.randomUUID() + "@example.com";
        JsonNode account = post("/admin/accounts", json.writeValueAsString(Map.of("organisation", "Acme",
                "project", "Demo", "bots", List.of("parley-demo/1"), "email", email, "password", "a long enough secret")),
                "Bearer " + RunningParley.ADMIN_TOKEN);
        org = account.path("org_id").asLong();
        project = account.path("project_id").asLong();
        token = post("/api-token-auth/", json.writeValueAsString(Map.of("username", email, "password", "a long enough secret")),
                null).path("token").asString();
    }

    @Test
    void aSentMessageIsPushedWithItsButtonAndThePostbackComesBackAsTheUsersTurn() throws Exception {
        JsonNode start = post("/parley-demo/1/web", "{}", null);
        String session = start.path("session").asString();
        try (SseClient stream = new SseClient(parley.pushEndpoint(1, session), null)) {
            JsonNode sent = post("/api/v1/sessions/send_message/", json.writeValueAsString(Map.of(
                    "session_id", session, "channel", "WEB", "sender", "BOT", "text", "Your order has shipped.",
                    "org_id", org, "project_id", project,
                    "buttons", List.of(Map.of("type", "postback", "title", "See prices", "payload", "PRICING"),
                            Map.of("type", "web_url", "title", "Track it", "url", "https://shop.example/track/1")))),
                    "Token " + token);
            assertThat(sent.path("status").asString()).isEqualTo("sent");

            SseClient.Event pushed = stream.nextPushed(Duration.ofSeconds(30));
            assertThat(pushed).isNotNull();
            JsonNode message = pushed.data().path("messages").get(0);
            assertThat(message.path("content").asString()).isEqualTo("Your order has shipped.");
            assertThat(message.path("buttons").get(0).path("payload").asString()).isEqualTo("PRICING");
            assertThat(message.path("buttons").get(1).path("url").asString()).isEqualTo("https://shop.example/track/1");
        }

        JsonNode postback = post("/parley-demo/1/web", json.writeValueAsString(Map.of("message", "PRICING", "session", session,
                "tracking", "welcome", "variables", Map.of("userresponse", "PRICING"))), null);
        assertThat(postback.path("data").path("messages").get(0).path("content").asString()).contains("open source");
    }

    @Test
    void aProjectMayOnlySendToItsOwnBotsSessions() throws Exception {
        String otherBotSession = post("/parley-demo/2/web", "{}", null).path("session").asString();
        HttpResponse<String> refused = send("/api/v1/sessions/send_message/", json.writeValueAsString(Map.of(
                "session_id", otherBotSession, "channel", "WEB", "text", "hi", "org_id", org, "project_id", project)),
                "Token " + token);
        assertThat(refused.statusCode()).isEqualTo(403);
    }

    private static JsonNode post(String path, String body, String authorization) throws Exception {
        HttpResponse<String> response = send(path, body, authorization);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(200, 201);
        return json.readTree(response.body());
    }

    private static HttpResponse<String> send(String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + parley.ingestPort() + path))
                .header("Content-Type", "application/json").header("X-Talkr-Query", "1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
