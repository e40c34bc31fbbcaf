package io.parley.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every endpoint of the running services as an attacker tries it: malformed, oversized and
 * wrong-typed input, unparseable headers, any {@code Accept}, and every tenant's and dialect's
 * resources through every other door. Nothing may answer 5xx, name a Java type, show a page or take
 * more than 10 s, nothing may cross a tenant or a dialect, and the stack still answers afterwards.
 * The random part is seeded, and every failure names the request that caused it.
 */
class HostileInputTest {

    private static final Duration SLOWEST = Duration.ofSeconds(10);
    private static final Pattern INTERNALS = Pattern.compile(
            "(?i)exception|\\bjava\\.|javax\\.|io\\.parley|org\\.springframework|tools\\.jackson|\\bat [a-z]+\\.[a-z]+\\.|whitelabel|<html|LinkedHashMap");
    private static final long SEED = 20261130L;
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static RunningParley parley;
    private static Tenant alice;
    private static Tenant bob;

    /** An account owning one bot of its own, with a token and one conversation in each dialect. */
    private record Tenant(long botId, long orgId, long projectId, String email, String token, String webSession,
                          String botlhaleConversation) {
        String botlhaleBotId() {
            return "parley-demo-" + botId;
        }

        /** The token a sign-in gives now: the random attacks may have revoked the first one, as they may. */
        Tenant signedInAgain() throws Exception {
            return new Tenant(botId, orgId, projectId, email, signIn(email), webSession, botlhaleConversation);
        }
    }

    private static String signIn(String email) throws Exception {
        return json.readTree(send(new Attack("POST", ingest("/api-token-auth/"), Map.of("Content-Type", "application/json"),
                json.writeValueAsBytes(Map.of("username", email, "password", "a long enough secret")))).body()).path("token").asString();
    }

    private record Attack(String method, String url, Map<String, String> headers, byte[] body) {
        @Override
        public String toString() {
            String shown = body == null ? "" : new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8);
            return method + " " + url + " " + headers + " (" + (body == null ? 0 : body.length) + " bytes) " + shown;
        }
    }

    @BeforeAll
    static void twoTenants() throws Exception {
        parley = RunningParley.get();
        alice = tenant(901);
        bob = tenant(902);
    }

    private static Tenant tenant(long botId) throws Exception {
        String yaml = Files.readString(Path.of("..", "bots", "parley-demo-1.yaml")).replace("botId: 1", "botId: " + botId);
        parley.publish(yaml);
        String email = "tenant" + botId + "." + UUID.randomUUID() + "@example.com";
        HttpResponse<String> created = send(new Attack("POST", ingest("/admin/accounts"), Map.of("Content-Type", "application/json",
                "Authorization", "Bearer " + RunningParley.ADMIN_TOKEN), json.writeValueAsBytes(Map.of("organisation", "Org " + botId,
                "project", "P", "bots", List.of("parley-demo/" + botId), "email", email, "password", "a long enough secret"))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode account = json.readTree(created.body());
        String token = signIn(email);
        HttpResponse<String> web = send(new Attack("POST", ingest("/parley-demo/" + botId + "/web"),
                Map.of("Content-Type", "application/json", "X-Talkr-Query", "1"), "{}".getBytes(StandardCharsets.UTF_8)));
        assertThat(web.statusCode()).as(web.body()).isEqualTo(200);
        String conversation = "conversation-" + UUID.randomUUID();
        HttpResponse<String> started = send(form("/start_conversation", token, Map.of("bot_id", "parley-demo-" + botId,
                "language_code", "English", "conversation_id", conversation)));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        return new Tenant(botId, account.path("org_id").asLong(), account.path("project_id").asLong(), email, token,
                json.readTree(web.body()).path("session").asString(), conversation);
    }

    @Test
    void noTenantOrDialectReachesAnothersResources() throws Exception {
        Tenant alice = HostileInputTest.alice.signedInAgain();
        Tenant bob = HostileInputTest.bob.signedInAgain();
        // Bob's credentials on Alice's bot, sessions, conversations and settings.
        expect(403, form("/message", bob.token(), Map.of("bot_id", alice.botlhaleBotId(), "language_code", "English",
                "conversation_id", alice.botlhaleConversation(), "text_msg", "hello")));
        expect(403, form("/start_conversation", bob.token(), Map.of("bot_id", alice.botlhaleBotId(), "language_code", "English")));
        expect(403, talkLift("POST", "/api/v1/sessions/send_message/", bob.token(), Map.of("session_id", alice.webSession(),
                "channel", "WEB", "text", "take-over", "org_id", bob.orgId(), "project_id", bob.projectId())));
        expect(403, talkLift("POST", "/api/v1/sessions/send_message/", bob.token(), Map.of("session_id", alice.webSession(),
                "channel", "WEB", "text", "take-over", "org_id", alice.orgId(), "project_id", alice.projectId())));
        expect(403, talkLift("GET", "/api/v1/projects/" + alice.projectId() + "/webhook/", bob.token(), null));
        expect(403, talkLift("PUT", "/api/v1/projects/" + alice.projectId() + "/webhook/", bob.token(),
                Map.of("url", "https://attacker.example/hook")));
        // One owner per bot.
        expect(409, new Attack("POST", ingest("/admin/accounts"), Map.of("Content-Type", "application/json",
                "Authorization", "Bearer " + RunningParley.ADMIN_TOKEN), json.writeValueAsBytes(Map.of("organisation", "Mallory",
                "project", "P", "bots", List.of("parley-demo/" + alice.botId()), "email", "m." + UUID.randomUUID() + "@example.com",
                "password", "a long enough secret"))));
        // Sessions through other doors: another bot's TALKR door, Botlhale's session through TALKR.
        String botlhaleSession = "parley-demo:" + alice.botId() + ":" + alice.botlhaleConversation();
        for (String session : List.of(alice.webSession(), botlhaleSession, "messenger:demo-page:12345")) {
            Attack talkr = new Attack("POST", ingest("/parley-demo/" + bob.botId() + "/web"), Map.of("Content-Type", "application/json",
                    "X-Talkr-Query", "1"), json.writeValueAsBytes(Map.of("session", session, "query", "hello")));
            HttpResponse<String> answer = send(talkr);
            assertThat(answer.statusCode()).as(talkr.toString()).isIn(400, 404);
        }
        // Push streams: a Botlhale conversation's stream needs its ticket; another bot's path is refused.
        expect(403, new Attack("GET", delivery("/push/parley-demo/" + alice.botId() + "/" + botlhaleSession), Map.of(), null));
        expect(403, new Attack("GET", delivery("/push/parley-demo/" + bob.botId() + "/" + alice.webSession()), Map.of(), null));
        // And after all of it, Alice's conversations are hers and still answer.
        HttpResponse<String> hers = send(form("/message", alice.token(), Map.of("bot_id", alice.botlhaleBotId(),
                "language_code", "English", "conversation_id", alice.botlhaleConversation(), "text_msg", "hello")));
        assertThat(hers.statusCode()).as(hers.body()).isEqualTo(200);
    }

    @Test
    void malformedOversizedAndRandomInputIsAnsweredWithA4xxQuicklyAndWithoutInternals() throws Exception {
        List<Attack> attacks = new ArrayList<>(knownAttacks());
        Random random = new Random(Long.getLong("parley.hostile.seed", SEED));
        // 900 in every build; a longer run: -Dparley.hostile.requests=8000 (and another -Dparley.hostile.seed).
        int randomAttacks = Integer.getInteger("parley.hostile.requests", 900);
        for (int i = 0; i < randomAttacks; i++) {
            attacks.add(randomAttack(random));
        }
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        Duration slowest = Duration.ZERO;
        for (Attack attack : attacks) {
            long started = System.nanoTime();
            HttpResponse<String> response;
            try {
                response = send(attack);
            } catch (java.net.http.HttpTimeoutException e) {
                failures.add("no answer within " + SLOWEST.plusSeconds(5) + ": " + attack);
                continue;
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            statuses.merge(response.statusCode(), 1, Integer::sum);
            slowest = took.compareTo(slowest) > 0 ? took : slowest;
            if (response.statusCode() >= 500) {
                failures.add(response.statusCode() + " for " + attack + ": " + response.body());
            } else if (INTERNALS.matcher(response.body()).find()) {
                failures.add("internals in the answer to " + attack + ": " + response.body());
            } else if (took.compareTo(SLOWEST) > 0) {
                failures.add("took " + took + ": " + attack);
            }
        }
        System.out.printf("hostile input: %d requests, answers by status %s, slowest %d ms%n", attacks.size(), statuses,
                slowest.toMillis());
        assertThat(failures).as("%d requests", attacks.size()).isEmpty();
        // Errors come in the dialect's own format, whatever the client accepts: TALKR's answer with variables.error.
        HttpResponse<String> talkrError = send(new Attack("POST", ingest("/parley-demo/1/web"), Map.of("Accept", "text/html",
                "Content-Type", "application/json", "X-Talkr-Query", "1"), "{}".getBytes(StandardCharsets.UTF_8)));
        assertThat(talkrError.statusCode()).isEqualTo(406);
        assertThat(json.readTree(talkrError.body()).path("variables").path("error").asString()).isNotBlank();
        // The stack is healthy afterwards: a conversation starts and answers.
        HttpResponse<String> turn = send(new Attack("POST", ingest("/parley-demo/1/web"), Map.of("Content-Type", "application/json",
                "X-Talkr-Query", "1"), "{}".getBytes(StandardCharsets.UTF_8)));
        assertThat(turn.statusCode()).as(turn.body()).isEqualTo(200);
        for (String health : List.of(ingest("/actuator/health"), delivery("/actuator/health"))) {
            assertThat(send(new Attack("GET", health, Map.of(), null)).body()).contains("\"UP\"");
        }
    }

    /** Each fault found by hand once, kept so that it stays fixed. */
    private static List<Attack> knownAttacks() throws Exception {
        List<Attack> attacks = new ArrayList<>();
        byte[] turn = "{\"query\": \"hello\"}".getBytes(StandardCharsets.UTF_8);
        for (String contentType : List.of("/json", "application/", "application/json; charset=bogus", "text/plain", ";;;", "*/*",
                "multipart/form-data", "application/json; boundary=\"")) {
            attacks.add(new Attack("POST", ingest("/parley-demo/1/web"), Map.of("Content-Type", contentType, "X-Talkr-Query", "1"), turn));
            attacks.add(new Attack("POST", ingest("/api/v1/sessions/send_message/"), Map.of("Content-Type", contentType,
                    "Authorization", "Token " + alice.token()), turn));
            attacks.add(new Attack("POST", ingest("/admin/accounts"), Map.of("Content-Type", contentType), turn));
            attacks.add(new Attack("POST", ingest("/message"), Map.of("Content-Type", contentType,
                    "Authorization", "Bearer " + alice.token()), turn));
        }
        byte[] badEscape = ("bot_id=" + alice.botlhaleBotId() + "&language_code=English&conversation_id=x&text_msg=100%zz%")
                .getBytes(StandardCharsets.UTF_8);
        byte[] badUtf8 = concat(("bot_id=" + alice.botlhaleBotId() + "&language_code=English&text_msg=").getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
        StringBuilder manyFields = new StringBuilder("bot_id=" + alice.botlhaleBotId());
        for (int i = 0; i < 1200; i++) {
            manyFields.append("&f").append(i).append("=v");
        }
        byte[] hugeForm = ("text_msg=" + "a".repeat(2_100_000)).getBytes(StandardCharsets.UTF_8);
        for (byte[] body : List.of(badEscape, badUtf8, manyFields.toString().getBytes(StandardCharsets.UTF_8), hugeForm)) {
            for (String path : List.of("/message", "/start_conversation")) {
                attacks.add(new Attack("POST", ingest(path), Map.of("Content-Type", "application/x-www-form-urlencoded",
                        "Authorization", "Bearer " + alice.token()), body));
            }
            attacks.add(new Attack("POST", ingest("/api-token-auth/"), Map.of("Content-Type", "application/x-www-form-urlencoded"), body));
        }
        byte[] malformed = "{\"organisation\": ".getBytes(StandardCharsets.UTF_8);
        attacks.add(new Attack("POST", ingest("/admin/accounts"), Map.of("Content-Type", "application/json"), malformed));
        attacks.add(new Attack("POST", ingest("/admin/accounts"), Map.of("Content-Type", "application/json",
                "Authorization", "Bearer " + RunningParley.ADMIN_TOKEN), malformed));
        attacks.add(new Attack("POST", ingest("/admin/accounts"), Map.of("Content-Type", "application/json",
                "Authorization", "Bearer " + RunningParley.ADMIN_TOKEN), "{\"bots\": {\"a\": 1}, \"email\": [1]}".getBytes(StandardCharsets.UTF_8)));
        for (String botFile : List.of("[1, 2]", "company: [x]", "blocks: 7", "{\"intents\": [[1]]}", "\u0000\u0001", "a: b: c")) {
            attacks.add(new Attack("POST", ingest("/admin/bots"), Map.of("Content-Type", "application/yaml",
                    "Authorization", "Bearer " + RunningParley.ADMIN_TOKEN), botFile.getBytes(StandardCharsets.UTF_8)));
        }
        byte[] hugeText = json.writeValueAsBytes(Map.of("session_id", alice.webSession(), "channel", "WEB", "text", "x".repeat(1_100_000),
                "org_id", alice.orgId(), "project_id", alice.projectId()));
        attacks.add(new Attack("POST", ingest("/api/v1/sessions/send_message/"), Map.of("Content-Type", "application/json",
                "Authorization", "Token " + alice.token()), hugeText));
        attacks.add(new Attack("POST", ingest("/parley-demo/1/web"), Map.of("Content-Type", "application/json", "X-Talkr-Query", "1"),
                json.writeValueAsBytes(Map.of("query", "y".repeat(200_000)))));
        String push = "/push/parley-demo/1/" + alice.webSession();
        for (String lastEventId : List.of("0-9223372036854775807", "99-0", "2147483647-0", "-1-1", "0--5", "abc", "1-2-3", " ", "0-")) {
            attacks.add(new Attack("GET", delivery("/push/parley-demo/" + alice.botId() + "/" + alice.webSession()),
                    Map.of("Last-Event-ID", lastEventId), null));
        }
        attacks.add(new Attack("GET", delivery(push.replace("/1/", "/x/")), Map.of(), null));
        for (String token : List.of("0-999999999-" + UUID.randomUUID(), "0-0-" + UUID.randomUUID(), "999-0-" + UUID.randomUUID(),
                "x", "0-1-2", "-1-5-" + UUID.randomUUID())) {
            attacks.add(new Attack("GET", ingest("/speech/" + token), Map.of(), null));
        }
        for (String signature : List.of("", "sha256=00", "sha1=abc")) {
            attacks.add(new Attack("POST", ingest("/messenger/webhook"), Map.of("Content-Type", "application/json",
                    "X-Hub-Signature-256", signature), "{\"object\": \"page\", \"entry\": [{}]}".getBytes(StandardCharsets.UTF_8)));
        }
        attacks.add(new Attack("GET", ingest("/messenger/webhook?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1"), Map.of(), null));
        for (String url : List.of(ingest("/nowhere"), delivery("/nowhere"), ingest("/admin/bots"), delivery(push),
                ingest("/parley-demo/1/web"), ingest("/api/v1/projects/1/webhook/"), ingest("/speech/x"))) {
            attacks.add(new Attack("GET", url, Map.of("Accept", "text/html"), null));
            attacks.add(new Attack("DELETE", url, Map.of("Accept", "application/xml"), null));
        }
        return attacks;
    }

    private static Attack randomAttack(Random random) throws Exception {
        // Each endpoint with the method it answers, so that most requests get past routing to the code behind it.
        List<Map.Entry<String, String>> endpoints = List.of(
                Map.entry("POST", ingest("/parley-demo/1/web")), Map.entry("POST", ingest("/parley-demo/" + alice.botId() + "/telephony")),
                Map.entry("POST", ingest("/parley-demo/1/fax")), Map.entry("POST", ingest("/message")),
                Map.entry("POST", ingest("/start_conversation")), Map.entry("POST", ingest("/api-token-auth/")),
                Map.entry("POST", ingest("/api/v1/sessions/send_message/")),
                Map.entry("POST", ingest("/api/v1/session-slot-states/update_from_webhook/")),
                Map.entry("PUT", ingest("/api/v1/projects/" + alice.projectId() + "/webhook/")),
                Map.entry("GET", ingest("/api/v1/projects/" + alice.projectId() + "/webhook/")),
                Map.entry("POST", ingest("/admin/accounts")), Map.entry("POST", ingest("/admin/bots")),
                Map.entry("GET", ingest("/admin/bots/parley-demo/" + random.nextInt(1000))),
                Map.entry("POST", ingest("/messenger/webhook")), Map.entry("GET", ingest("/speech/" + random.nextInt())),
                Map.entry("GET", ingest("/widget/parley-widget.js")), Map.entry("GET", delivery("/push/parley-demo/1/" + alice.webSession())),
                Map.entry("GET", delivery("/push/parley-demo/" + alice.botId() + "/" + UUID.randomUUID())));
        Map.Entry<String, String> endpoint = endpoints.get(random.nextInt(endpoints.size()));
        String url = endpoint.getValue();
        String method = random.nextInt(6) > 0 ? endpoint.getKey() : List.of("POST", "GET", "PUT", "DELETE", "PATCH").get(random.nextInt(5));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/json", "application/json", "application/x-www-form-urlencoded",
                "application/x-www-form-urlencoded", "text/plain", "application/json;charset=x", "multipart/form-data; boundary=b",
                "application/yaml", "a/b/c").get(random.nextInt(9)));
        headers.put("Accept", List.of("*/*", "*/*", "application/json", "application/json", "text/html", "image/png",
                "text/event-stream").get(random.nextInt(7)));
        switch (random.nextInt(5)) {
            case 0 -> headers.put("Authorization", "Token " + alice.token());
            case 1 -> headers.put("Authorization", "Bearer " + bob.token());
            case 2 -> headers.put("Authorization", "Bearer " + RunningParley.ADMIN_TOKEN);
            case 3 -> headers.put("Authorization", randomAscii(random, 30));
            default -> { }
        }
        if (random.nextInt(4) == 0) {
            headers.put("X-Talkr-Query", random.nextBoolean() ? "1" : randomAscii(random, 3));
        }
        if (random.nextInt(6) == 0) {
            headers.put("Last-Event-ID", random.nextInt(3) + "-" + random.nextLong());
        }
        byte[] body = method.equals("GET") || method.equals("DELETE") ? null : randomBody(random);
        return new Attack(method, url, headers, body);
    }

    private static byte[] randomBody(Random random) throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        List<String> names = List.of("query", "session", "callbackUrl", "session_id", "channel", "text", "org_id", "project_id",
                "buttons", "username", "password", "bot_id", "language_code", "conversation_id", "text_msg", "message_type",
                "pdf_url", "response_type", "url", "organisation", "bots", "email", "slot_state_id", "value", "company", "botId");
        int count = random.nextInt(8);
        for (int i = 0; i < count; i++) {
            fields.put(names.get(random.nextInt(names.size())), randomValue(random, 0));
        }
        return switch (random.nextInt(6)) {
            case 0 -> randomText(random, random.nextInt(200)).getBytes(StandardCharsets.UTF_8);
            case 1 -> {
                byte[] bytes = new byte[random.nextInt(300)];
                random.nextBytes(bytes);
                yield bytes;
            }
            case 2 -> String.join("&", fields.entrySet().stream().map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)
                    + "=" + URLEncoder.encode(String.valueOf(field.getValue()), StandardCharsets.UTF_8)).toList()).getBytes(StandardCharsets.UTF_8);
            case 3 -> ("[".repeat(random.nextInt(3000)) + "1").getBytes(StandardCharsets.UTF_8);
            default -> json.writeValueAsBytes(fields);
        };
    }

    private static Object randomValue(Random random, int depth) {
        return switch (random.nextInt(depth > 2 ? 5 : 7)) {
            case 0 -> random.nextLong();
            case 1 -> random.nextBoolean();
            case 2 -> List.of("WEB", "MESSENGER", "parley-demo-" + alice.botId(), "en-ZA", "http://169.254.169.254/", "file:///etc/passwd",
                    alice.webSession(), "../../etc", "{{secret}}", "%00", "\u202e", "a".repeat(5000)).get(random.nextInt(12));
            case 3 -> randomText(random, random.nextInt(50));
            case 4 -> random.nextDouble() * 1e300;
            case 5 -> List.of(randomValue(random, depth + 1), randomValue(random, depth + 1));
            default -> Map.of(randomText(random, 5), randomValue(random, depth + 1));
        };
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(random.nextInt(4) == 0 ? 0x20 + random.nextInt(0x2FF) : 0x20 + random.nextInt(0x5F));
        }
        return text.toString();
    }

    /** Header values: printable ASCII, as HTTP clients send them. */
    private static String randomAscii(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (0x21 + random.nextInt(0x5E)));
        }
        return text.toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static Attack form(String path, String token, Map<String, String> fields) {
        String body = String.join("&", fields.entrySet().stream().map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)
                + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)).toList());
        return new Attack("POST", ingest(path), Map.of("Content-Type", "application/x-www-form-urlencoded",
                "Authorization", "Bearer " + token), body.getBytes(StandardCharsets.UTF_8));
    }

    private static Attack talkLift(String method, String path, String token, Map<String, Object> body) throws Exception {
        return new Attack(method, ingest(path), Map.of("Content-Type", "application/json", "Authorization", "Token " + token),
                body == null ? null : json.writeValueAsBytes(body));
    }

    private static void expect(int status, Attack attack) throws Exception {
        HttpResponse<String> response = send(attack);
        assertThat(response.statusCode()).as(attack + " -> " + response.body()).isEqualTo(status);
    }

    private static String ingest(String path) {
        return "http://127.0.0.1:" + parley.ingestPort() + path;
    }

    private static String delivery(String path) {
        return "http://127.0.0.1:" + parley.deliveryPort() + path;
    }

    /** Sends the request; a push stream that opens is read for its status only. */
    private static HttpResponse<String> send(Attack attack) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(attack.url())).timeout(SLOWEST.plusSeconds(5))
                .method(attack.method(), attack.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(attack.body()));
        attack.headers().forEach(request::header);
        if (attack.url().contains("/push/")) {
            HttpResponse<java.io.InputStream> stream = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream body = stream.body()) {
                String text = stream.statusCode() == 200 ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
                return new StatusOnly(stream, text);
            }
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A streamed answer's status and, when it is an error, its body. */
    private record StatusOnly(HttpResponse<java.io.InputStream> response, String body) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return response.statusCode();
        }

        @Override
        public HttpRequest request() {
            return response.request();
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return response.headers();
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return response.sslSession();
        }

        @Override
        public URI uri() {
            return response.uri();
        }

        @Override
        public HttpClient.Version version() {
            return response.version();
        }
    }
}
