package io.parley.ingest.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.parley.infra.SharedTestInfrastructure;
import io.parley.ingest.IngestApplication;
import io.parley.ingest.IngestProperties;
import io.parley.topics.Topics;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = IngestApplication.class,
        properties = {"spring.config.name=" + IngestApplication.CONFIG_NAME, "parley.ingest.admin-token=s3cret",
                "parley.ingest.reply-timeout=500ms"})
class AdminBotApiTest {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedTestInfrastructure.get().serviceProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @Test
    void everyCallNeedsTheAdminToken() throws Exception {
        HttpResponse<String> none = send("GET", "/admin/bots", null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(send("GET", "/admin/bots", "Bearer wrong", null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/admin/bots", "Basic czNjcmV0", bot(77)).statusCode()).isEqualTo(401);
    }

    @Test
    void anInvalidBotIsRefusedWithEveryFaultAndItsPath() throws Exception {
        String broken = bot(78).replace("target: goodbye", "target: nowhere").replace("company: parley-demo", "company: \"bad name\"");
        HttpResponse<String> response = send("POST", "/admin/bots", "Bearer s3cret", broken);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("error").asString()).isEqualTo("the bot is not valid");
        assertThat(body.path("problems").toString()).contains("no block has id 'nowhere'").contains("company: may hold only");
    }

    @Test
    void aPublishedBotIsListedAndAnsweredAtItsEndpointUntilItIsRemoved() throws Exception {
        HttpResponse<String> created = send("POST", "/admin/bots", "Bearer s3cret", bot(79));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/admin/bots/parley-demo/79");
        assertThat(json.readTree(created.body()).path("intents").asInt()).isEqualTo(4);
        // Every version is kept, under company/botId/version, for audits: the bots topic keeps only the latest.
        List<String> versions = SharedTestInfrastructure.get().topics().all(Topics.BOT_VERSIONS.name()).stream()
                .map(record -> new String(record.key(), java.nio.charset.StandardCharsets.UTF_8))
                .filter(key -> key.startsWith("parley-demo/79/")).toList();
        assertThat(versions).singleElement().satisfies(key -> assertThat(key).matches("parley-demo/79/\\d{13}"));

        assertThat(send("GET", "/admin/bots", "Bearer s3cret", null).body()).contains("\"botId\":79");
        assertThat(send("GET", "/admin/bots/parley-demo/79", "Bearer s3cret", null).statusCode()).isEqualTo(200);
        // Known to the edge now: no engine runs in this test, so the turn times out instead of a 404.
        assertThat(talkr(79).statusCode()).isEqualTo(500);

        assertThat(send("DELETE", "/admin/bots/parley-demo/79", "Bearer s3cret", null).statusCode()).isEqualTo(204);
        assertThat(talkr(79).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/admin/bots/parley-demo/79", "Bearer s3cret", null).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/admin/bots/parley-demo/79", "Bearer s3cret", null).statusCode()).isEqualTo(404);
    }

    @Test
    void withoutAConfiguredTokenTheAdminApiIsDisabled() {
        AdminAuthorization disabled = new AdminAuthorization(new IngestProperties(null, null, null, DataSize.ofKilobytes(64),
                null, DataSize.ofMegabytes(1), new IngestProperties.Messenger(null, null),
                new IngestProperties.RateLimit(20, 40), new IngestProperties.SignInLimit(0.5, 20), null, null, false));
        assertThatThrownBy(() -> disabled.check("Bearer anything"))
                .isInstanceOfSatisfying(AdminException.class, e -> assertThat(e.status().value()).isEqualTo(403));
    }

    private static String bot(long botId) throws Exception {
        return Files.readString(Path.of("..", "bots", "parley-demo-1.yaml")).replace("botId: 1", "botId: " + botId);
    }

    private HttpResponse<String> talkr(long botId) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/parley-demo/" + botId + "/web"))
                .header("Content-Type", "application/json").header("X-Talkr-Query", "1")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/yaml");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
