package io.parley.ingest.talkr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import io.parley.avro.BotDefinition;
import io.parley.infra.SharedTestInfrastructure;
import io.parley.ingest.IngestApplication;
import io.parley.ingest.bots.BotFileReader;
import io.parley.ingest.bots.BotPublisher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The TALKR edge against a real broker and registry, with no engine running: every request here must
 * be answered by the edge itself, precisely, and never with a stack trace.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = IngestApplication.class,
        properties = {"spring.config.name=" + IngestApplication.CONFIG_NAME, "parley.ingest.reply-timeout=1s",
                "parley.ingest.max-body-size=2KB"})
class TalkrEndpointTest {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    BotPublisher publisher;

    @Autowired
    BotFileReader reader;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedTestInfrastructure.get().serviceProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @BeforeAll
    static void demoBotFile() throws IOException {
        assertThat(Files.exists(demoBot())).isTrue();
    }

    @Test
    void theWidgetIsServedButItsDemoPageOnlyWhereTheDeploymentAsksForIt() throws Exception {
        HttpResponse<String> widget = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/widget/parley-widget.js"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(widget.statusCode()).isEqualTo(200);
        for (String path : new String[] {"/demo/", "/demo/index.html", "/demo"}) {
            HttpResponse<String> demo = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(demo.statusCode()).as(path).isEqualTo(404);
            assertThat(demo.body()).as("JSON, never a page").startsWith("{");
        }
    }

    @Test
    void malformedJsonIsABadRequestThatSaysWhere() throws Exception {
        publishDemoBot();
        HttpResponse<String> response = post("/parley-demo/1/web", "application/json", "{\"message\": ", true);
        assertError(response, 400, "malformed JSON at line 1");
    }

    @Test
    void aWrongContentTypeIsRefused() throws Exception {
        publishDemoBot();
        HttpResponse<String> response = post("/parley-demo/1/web", "text/plain", "hello", true);
        assertError(response, 415, "Content-Type must be application/json");
    }

    @Test
    void theWebChannelRequiresTheTalkrQueryHeader() throws Exception {
        publishDemoBot();
        HttpResponse<String> response = post("/parley-demo/1/web", "application/json", "{}", false);
        assertError(response, 400, "X-Talkr-Query: 1");
    }

    @Test
    void anUnknownCompanyOrBotIsNotFound() throws Exception {
        publishDemoBot();
        assertError(post("/nobody/1/web", "application/json", "{}", true), 404, "no bot 1 in company nobody");
        assertError(post("/parley-demo/999/web", "application/json", "{}", true), 404, "no bot 999");
        assertError(post("/parley-demo/abc/web", "application/json", "{}", true), 404, "bot_id must be numeric");
        assertError(post("/parley-demo/1/fax", "application/json", "{}", true), 404, "unknown channel 'fax'");
    }

    @Test
    void aFollowUpWithoutItsRequiredFieldsIsABadRequestNamingTheField() throws Exception {
        publishDemoBot();
        assertError(post("/parley-demo/1/web", "application/json",
                "{\"message\": \"hi\", \"tracking\": \"welcome\", \"variables\": {\"userresponse\": \"hi\"}}", true),
                400, "session is required");
        assertError(post("/parley-demo/1/web", "application/json",
                "{\"message\": \"hi\", \"session\": \"s\", \"variables\": {\"userresponse\": \"hi\"}}", true),
                400, "tracking is required");
        assertError(post("/parley-demo/1/web", "application/json",
                "{\"message\": \"hi\", \"session\": \"s\", \"tracking\": \"t\", \"variables\": {}}", true),
                400, "variables.userresponse is required");
        assertError(post("/parley-demo/1/web", "application/json",
                "{\"message\": 42, \"session\": \"s\", \"tracking\": \"t\", \"variables\": {\"userresponse\": \"x\"}}", true),
                400, "message must be a string");
        assertError(post("/parley-demo/1/web", "application/json", "[1, 2]", true), 400, "must be a JSON object");
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsRead() throws Exception {
        publishDemoBot();
        String big = "{\"message\": \"" + "x".repeat(4096) + "\"}";
        assertError(post("/parley-demo/1/web", "application/json", big, true), 400, "larger than 2048 bytes");
    }

    @Test
    void whenTheEngineDoesNotAnswerInTimeTheCallerGetsAServerErrorNotAHungConnection() throws Exception {
        publishDemoBot();
        HttpResponse<String> response = post("/parley-demo/1/telephony", "application/json", "{}", false);
        assertError(response, 500, "did not answer within 1000 ms");
        assertThat(json.readTree(response.body()).path("session").isString()).isTrue();
    }

    private void publishDemoBot() throws Exception {
        BotDefinition bot = reader.read("demo", Files.readString(demoBot()), Instant.now());
        publisher.publish(bot);
    }

    private static Path demoBot() {
        return Path.of("..", "bots", "parley-demo-1.yaml");
    }

    private HttpResponse<String> post(String path, String contentType, String body, boolean talkrHeader) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (talkrHeader) {
            request.header("X-Talkr-Query", "1");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("json"));
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("code").asInt()).isEqualTo(status);
        assertThat(body.path("variables").path("error").asString()).contains(error);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
