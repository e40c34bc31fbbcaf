package io.parley.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The TALKR seed's own client examples (JavaScript fetch, Python requests, PHP curl, the curl
 * commands), run as they are by their own interpreters, against Parley's endpoint.
 */
class SeedExamplesTest {

    /** What the demo bot says, as the seed's clients print it (they show variables.bot_answer only). */
    private static final String PRINTED = """
            Bot: Hello! I am the Parley demo bot. Ask me how Parley works, or about pricing.
            Bot: Every turn you send becomes an event on Kafka; a streaming engine decides the answer and keeps \
            the conversation's state.
            Anything else?
            """;
    /** The seed's curl example asks "how does talkr work?": the answer, then the question that follows it. */
    private static final String ANSWER = "Every turn you send becomes an event on Kafka; a streaming engine decides the answer"
            + " and keeps the conversation's state.\nAnything else?";

    private static String endpoint;

    @TempDir
    Path dir;

    @BeforeAll
    static void startParley() throws Exception {
        endpoint = RunningParley.get().talkrEndpoint(1, "web");
    }

    @Test
    void theJavaScriptFetchExampleHoldsAConversation() throws Exception {
        Path script = example("talkr.mjs");
        assertConversation(run("node", script.toString()));
    }

    @Test
    void thePythonRequestsExampleHoldsAConversation() throws Exception {
        String python = firstWorking(List.of("python3", "/usr/bin/python3"), "-c", "import requests");
        assumeTrue(python != null, "no python3 with requests here (.ci/run installs python3-requests)");
        assertConversation(run(python, example("talkr.py").toString()));
    }

    @Test
    void thePhpCurlExampleHoldsAConversation() throws Exception {
        String php = firstWorking(List.of("php"), "-r", "exit(function_exists('curl_init') ? 0 : 1);");
        assumeTrue(php != null, "no php with curl here (.ci/run installs php-cli and php-curl)");
        assertConversation(run(php, example("talkr.php").toString()));
    }

    @Test
    void theCurlCommandsHoldAConversation() throws Exception {
        JsonNode first = JsonMapper.builder().build().readTree(run("bash", example("talkr-step1.sh").toString()));
        String session = first.path("session").asString();
        String tracking = first.path("data").path("responses").get(0).path("tracking").asString();

        Path step2 = example("talkr-step2.sh");
        Files.writeString(step2, Files.readString(step2).replace("SESSION_ID", session).replace("TRACKING_ID", tracking));
        JsonNode second = JsonMapper.builder().build().readTree(run("bash", step2.toString()));

        assertThat(second.path("session").asString()).isEqualTo(session);
        assertThat(second.path("variables").path("bot_answer").asString()).isEqualTo(ANSWER);
    }

    private static void assertConversation(String output) {
        assertThat(output.strip()).isEqualTo(PRINTED.strip());
    }

    /** The seed's example, with only the endpoint filled in. */
    private Path example(String name) throws IOException {
        return ExampleScripts.example(dir, name, Map.of("{YOUR_API_ENDPOINT}", endpoint));
    }

    private static String run(String... command) throws Exception {
        return ExampleScripts.run(command);
    }

    private static String firstWorking(List<String> candidates, String... check) {
        return ExampleScripts.firstWorking(candidates, check);
    }
}
