package io.parley.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A TALKR web client and an account holder, as the tests of what comes after the turn (analytics, its
 * console) drive Parley: conversations with the tracking each answer gives, and TalkLift accounts.
 */
final class Talkr {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final JsonMapper json = JsonMapper.builder().build();

    private final RunningParley parley;
    private final long botId;

    Talkr(RunningParley parley, long botId) {
        this.parley = parley;
        this.botId = botId;
    }

    /** One conversation of the bot: its session and the block its last answer is at. */
    final class Conversation {
        final String session;
        private String tracking;

        private Conversation(JsonNode started) {
            this.session = started.path("session").asString();
            this.tracking = trackingOf(started, "welcome");
        }

        /** The user says {@code text}; returns the bot's messages. */
        List<String> say(String text) throws Exception {
            JsonNode answer = post(json.writeValueAsString(Map.of("message", text, "session", session, "tracking", tracking,
                    "variables", Map.of("userresponse", text))));
            tracking = trackingOf(answer, tracking);
            List<String> texts = new ArrayList<>();
            answer.path("data").path("messages").forEach(message -> texts.add(message.path("content").asString()));
            return texts;
        }
    }

    Conversation start() throws Exception {
        return new Conversation(post("{}"));
    }

    /** A new TalkLift account owning {@code bots} (a bot has one owner); returns its e-mail, password, project id and token. */
    Account account(List<String> bots) throws Exception {
        String email = "owner." + UUID.randomUUID() + "@example.com";
        String password = "a long enough secret";
        HttpResponse<String> made = send("POST", "/admin/accounts", json.writeValueAsString(Map.of("organisation", "Acme",
                "project", "Bots", "bots", bots, "email", email, "password", password)), "Bearer " + RunningParley.ADMIN_TOKEN);
        assertThat(made.statusCode()).as(made.body()).isBetween(200, 201);
        JsonNode created = json.readTree(made.body());
        String token = json.readTree(send("POST", "/api-token-auth/", json.writeValueAsString(
                Map.of("username", email, "password", password)), null).body()).path("token").asString();
        return new Account(email, password, created.path("project_id").asLong(), token);
    }

    record Account(String email, String password, long projectId, String token) {
    }

    /** Points the project's webhook at {@code url}. */
    void setWebhook(Account account, String url) throws Exception {
        HttpResponse<String> set = send("PUT", "/api/v1/projects/" + account.projectId() + "/webhook/",
                json.writeValueAsString(Map.of("url", url)), "Token " + account.token());
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    }

    private JsonNode post(String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(parley.talkrEndpoint(botId, "web")))
                .header("Content-Type", "application/json").header("X-Talkr-Query", "1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static String trackingOf(JsonNode answer, String otherwise) {
        JsonNode responses = answer.path("data").path("responses");
        return responses.size() > 0 ? responses.get(0).path("tracking").asString() : otherwise;
    }

    private HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + parley.ingestPort() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
