package io.parley.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine decides from its inputs alone: the commands, re-run offline by {@code ./parley audit replay}
 * into the engine's own topology, yield the events the running engine wrote, session by session.
 */
class ReplayTest {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final JsonMapper json = JsonMapper.builder().build();

    @Test
    void replayingTheCommandsTopicIntoAFreshEngineYieldsTheSameEvents() throws Exception {
        RunningParley parley = RunningParley.get();
        holdConversations(parley);

        for (String bot : new String[] {"parley-demo/1", "parley-demo/2"}) {
            AuditTool.Run replay = AuditTool.audit("replay", "--bot", bot);
            assertThat(replay.status()).as(replay.toString()).isZero();
            assertThat(replay.out()).as(bot).containsPattern("[1-9][\\d,]* sessions, [1-9][\\d,]* commands, [1-9][\\d,]* events compared: 0 divergent");
        }
    }

    /** A few conversations in both bots, with a retry, a stale tracking and an unknown session. */
    private static void holdConversations(RunningParley parley) throws Exception {
        for (int bot : new int[] {1, 2}) {
            JsonNode start = post(parley.talkrEndpoint(bot, "web"), "{}");
            String session = start.path("session").asString();
            String tracking = start.path("data").path("responses").get(0).path("tracking").asString();
            String first = bot == 1 ? "how much does it cost" : "quels sont vos horaires";
            JsonNode turn = post(parley.talkrEndpoint(bot, "web"), body(first, session, tracking));
            post(parley.talkrEndpoint(bot, "web"), body(first, session, tracking));
            String next = turn.path("data").path("responses").get(0).path("tracking").asString();
            post(parley.talkrEndpoint(bot, "web"), body("something entirely different", session, next));
            post(parley.talkrEndpoint(bot, "web"), body("goodbye", session, "stale-block"));
        }
        post(parley.talkrEndpoint(1, "web"), body("hello", "no-such-session", "welcome"));
    }

    private static String body(String text, String session, String tracking) {
        return json.writeValueAsString(Map.of("message", text, "session", session, "tracking", tracking,
                "variables", Map.of("userresponse", text)));
    }

    private static JsonNode post(String url, String body) throws Exception {
        return json.readTree(http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("X-Talkr-Query", "1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}
