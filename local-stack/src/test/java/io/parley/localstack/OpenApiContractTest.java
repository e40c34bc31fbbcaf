package io.parley.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
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
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI documents against the running services. Each document is fetched where it is served;
 * for every documented response of every operation, the requests its {@code x-parley-reach} lists are
 * sent, and each must get that status, the documented headers and a body matching the documented
 * schema (networknt's JSON Schema 2020-12 validator). A request marked {@code breaks: body} must also
 * break the documented request schema, and a documented success's request must match it: what the
 * document forbids is refused, what it allows is taken. {@code x-parley-unreachable} responses are
 * counted and printed with their reasons.
 */
class OpenApiContractTest {

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z]+)(?::([0-9a-z]+))?}");
    /** Stands for Messenger's signature until the body it signs is finished. */
    private static final String SIGN = "\u0000sign";
    private static final List<String> INGEST_DOCUMENTS = List.of("talkr.yaml", "talklift.yaml", "botlhale.yaml", "admin.yaml");

    private static RunningParley parley;
    /** The customer's webhook of the project whose slot waits for a verdict. */
    private static CustomerBackend backend;
    /** What the documents' {@code ${...}} stand for: accounts, tokens, sessions made for this test. */
    private static final Map<String, String> values = new ConcurrentHashMap<>();
    private static final List<String> unreachable = new ArrayList<>();
    private static int reached;

    @BeforeAll
    static void accountsBotsAndSessions() throws Exception {
        parley = RunningParley.get();
        long bot = 1901;
        long otherBot = 1902;
        long deletableBot = 1903;
        for (long id : List.of(bot, otherBot, deletableBot)) {
            parley.publish(demoBot(id));
        }
        values.put("bot", Long.toString(bot));
        values.put("otherBot", Long.toString(otherBot));
        values.put("deletableBot", Long.toString(deletableBot));
        values.put("botFile", demoBot(1904));
        values.put("adminToken", RunningParley.ADMIN_TOKEN);
        values.put("verifyToken", RunningParley.MESSENGER_VERIFY_TOKEN);

        JsonNode owner = account(List.of("parley-demo/" + bot));
        values.put("email", owner.path("email").asString());
        values.put("password", owner.path("password").asString());
        values.put("token", owner.path("token").asString());
        values.put("orgId", owner.path("org_id").asString());
        values.put("projectId", owner.path("project_id").asString());
        JsonNode other = account(List.of("parley-demo/" + otherBot));
        values.put("otherToken", other.path("token").asString());
        values.put("otherOrgId", other.path("org_id").asString());
        values.put("otherProjectId", other.path("project_id").asString());
        JsonNode fresh = account(List.of());
        values.put("freshToken", fresh.path("token").asString());
        values.put("freshProjectId", fresh.path("project_id").asString());
        values.put("revocableToken", account(List.of()).path("token").asString());
        JsonNode throttled = account(List.of());
        values.put("throttledToken", throttled.path("token").asString());
        values.put("throttledProjectId", throttled.path("project_id").asString());

        HttpResponse<String> webhook = send(HttpRequest.newBuilder(ingest("/api/v1/projects/" + values.get("otherProjectId") + "/webhook/"))
                .header("Authorization", "Token " + values.get("otherToken")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"url\": \"https://backend.example.com/hook\"}")));
        assertThat(webhook.statusCode()).as(webhook.body()).isEqualTo(200);

        values.put("webSession", talkrSession(bot));
        values.put("crowdedSession", talkrSession(bot));
        String conversation = "contract-" + UUID.randomUUID();
        JsonNode started = json.readTree(send(botlhale("/start_conversation", Map.of("bot_id", "parley-demo-" + bot,
                "language_code", "English", "conversation_id", conversation))).body());
        Matcher pushPath = Pattern.compile("/push/[^/]+/[0-9]+/([^?]+)\\?ticket=(.+)").matcher(started.path("push_path").asString());
        assertThat(pushPath.matches()).as(started.toString()).isTrue();
        values.put("botlhaleConversation", conversation);
        values.put("botlhaleSession", pushPath.group(1));
        values.put("ticket", pushPath.group(2));
        JsonNode spoken = json.readTree(send(botlhale("/message", Map.of("bot_id", "parley-demo-" + bot, "language_code", "English",
                "conversation_id", conversation, "text_msg", "hello", "response_type", "speech"))).body());
        String speechUrl = spoken.path("speech_response_url").asString("");
        assertThat(speechUrl).as(spoken.toString()).contains("/speech/");
        values.put("speechToken", speechUrl.substring(speechUrl.lastIndexOf('/') + 1));

        slotWaitingForAVerdict(1905);

        // Sessions are known to ingest and delivery once their directories have read them.
        for (String session : List.of(values.get("webSession"), values.get("crowdedSession"))) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> status(HttpRequest.newBuilder(
                    delivery("/push/parley-demo/" + bot + "/" + session)).GET()) == 200);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> status(HttpRequest.newBuilder(ingest("/api/v1/sessions/send_message/"))
                .header("Authorization", "Token " + values.get("token")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("session_id", values.get("webSession"),
                        "channel", "WEB", "text", "ready?", "org_id", values.get("orgId"), "project_id", values.get("projectId")))))) == 200);
    }

    /** A user's answer sent to the customer's webhook for validation: the slot state a verdict may be given on. */
    private static void slotWaitingForAVerdict(long botId) throws Exception {
        parley.publish("""
                company: parley-demo
                botId: %d
                name: Contract survey
                language: {name: English, slug: EN, code: en-GB}
                startBlock: welcome
                blocks:
                  - {id: welcome, messages: ["Hello"], transitions: [{on: ANY, target: survey}]}
                  - {id: survey, type: MODULE, module: 1, next: done, messages: []}
                  - {id: done, type: END, messages: ["Thanks."]}
                modules:
                  - id: 1
                    name: Survey
                    checkingMessage: One moment while we check.
                    slots:
                      - {id: 10, order: 1, label: "Member number?", fieldType: NUMBER, validateWithWebhook: true}
                """.formatted(botId));
        JsonNode owner = account(List.of("parley-demo/" + botId));
        backend = new CustomerBackend();
        HttpResponse<String> webhook = send(HttpRequest.newBuilder(ingest("/api/v1/projects/" + owner.path("project_id").asString() + "/webhook/"))
                .header("Authorization", "Token " + owner.path("token").asString()).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("url", backend.url())))));
        assertThat(webhook.statusCode()).as(webhook.body()).isEqualTo(200);
        JsonNode answer = talkr(botId, json.createObjectNode());
        String session = answer.path("session").asString();
        for (String text : List.of("start", "209192093")) {
            ObjectNode turn = json.createObjectNode().put("message", text).put("session", session)
                    .put("tracking", answer.path("data").path("responses").get(0).path("tracking").asString());
            turn.putObject("variables").put("userresponse", text);
            answer = talkr(botId, turn);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> backend.calls().stream()
                .anyMatch(call -> call.eventName().startsWith("SLOT-MODULE:")));
        JsonNode states = backend.calls().stream().filter(call -> call.eventName().startsWith("SLOT-MODULE:")).findFirst().orElseThrow()
                .body().path("payload").get(0).path("slot_state").path("slot_states");
        JsonNode underReview = states.get(states.size() - 1);
        values.put("slotToken", owner.path("token").asString());
        values.put("slotStateId", underReview.path("id").asString());
        values.put("storyStateId", underReview.path("story_state").asString());
    }

    private static JsonNode talkr(long botId, JsonNode body) throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(ingest("/parley-demo/" + botId + "/web"))
                .header("Content-Type", "application/json").header("X-Talkr-Query", "1")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json.readTree(answer.body());
    }

    @AfterAll
    static void report() throws Exception {
        if (backend != null) {
            backend.close();
        }
        System.out.printf("OpenAPI contract: %d documented requests answered as documented; %d responses marked x-parley-unreachable:%n", reached,
                unreachable.size());
        unreachable.forEach(line -> System.out.println("  " + line));
    }

    @Test
    void theDocumentsAreServedWithoutAuthenticationAndNothingElseIs() throws Exception {
        HttpResponse<String> index = send(HttpRequest.newBuilder(ingest("/openapi/")).GET());
        assertThat(index.statusCode()).isEqualTo(200);
        INGEST_DOCUMENTS.forEach(name -> assertThat(index.body()).contains("\"/openapi/" + name + "\""));
        for (String name : INGEST_DOCUMENTS) {
            HttpResponse<String> document = send(HttpRequest.newBuilder(ingest("/openapi/" + name)).header("Origin", "https://editor.example")
                    .GET());
            assertThat(document.statusCode()).as(name).isEqualTo(200);
            assertThat(document.headers().firstValue("Content-Type").orElse("")).as(name).contains("yaml");
            assertThat(document.headers().firstValue("Access-Control-Allow-Origin")).as(name).contains("*");
        }
        assertThat(send(HttpRequest.newBuilder(delivery("/openapi/push.yaml")).GET()).statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(delivery("/openapi/")).GET()).body()).contains("/openapi/push.yaml");
        // Each service serves its own folder: not the other's documents, its configuration or its classes.
        for (String elsewhere : List.of("/openapi/push.yaml", "/openapi/ingest-service.yml", "/openapi/..%2Fingest-service.yml",
                "/openapi/%2e%2e/ingest-service.yml", "/openapi/ingest/talkr.yaml", "/openapi/application.yml")) {
            HttpResponse<String> refused = send(HttpRequest.newBuilder(ingest(elsewhere)).GET());
            // 405: three segments are TALKR's route, which takes POST only.
            assertThat(refused.statusCode()).as(elsewhere).isIn(400, 404, 405);
            assertThat(refused.body()).as(elsewhere).doesNotContain("bootstrap-servers").doesNotContain("openapi:");
        }
        assertThat(send(HttpRequest.newBuilder(delivery("/openapi/talkr.yaml")).GET()).statusCode()).isEqualTo(404);
        // TALKR's three segments are still TALKR's.
        HttpResponse<String> talkr = send(HttpRequest.newBuilder(ingest("/openapi/talkr.yaml/telephony")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(talkr.statusCode()).isEqualTo(404);
        assertThat(json.readTree(talkr.body()).path("variables").path("error").asString()).contains("bot_id must be numeric");
    }

    @TestFactory
    Stream<DynamicNode> everyDocumentedStatusIsReachedWithItsDocumentedBody() throws Exception {
        List<DynamicNode> documents = new ArrayList<>();
        for (String name : INGEST_DOCUMENTS) {
            documents.add(document(new ApiDocument(name, send(HttpRequest.newBuilder(ingest("/openapi/" + name)).GET()).body()), true));
        }
        documents.add(document(new ApiDocument("push.yaml", send(HttpRequest.newBuilder(delivery("/openapi/push.yaml")).GET()).body()), false));
        return documents.stream();
    }

    private static DynamicContainer document(ApiDocument document, boolean onIngest) {
        List<DynamicNode> operations = new ArrayList<>();
        for (ApiDocument.Operation operation : document.operations()) {
            List<DynamicNode> responses = new ArrayList<>();
            operation.node().path("responses").properties().forEach(entry -> {
                int status = Integer.parseInt(entry.getKey());
                JsonNode response = document.resolved(entry.getValue());
                String where = document.name + " " + operation.method() + " " + operation.path() + " " + status;
                if (response.has("x-parley-unreachable")) {
                    unreachable.add(where + ": " + response.path("x-parley-unreachable").asString());
                    return;
                }
                int n = 0;
                for (JsonNode reach : response.path("x-parley-reach")) {
                    String label = status + " #" + (++n) + (reach.has("why") ? " (" + reach.path("why").asString() + ")" : "");
                    responses.add(DynamicTest.dynamicTest(label, () -> reach(document, operation, status, response, reach, onIngest, where)));
                }
                assertThat(n).as(where + " lists no request in x-parley-reach").isPositive();
            });
            operations.add(DynamicContainer.dynamicContainer(operation.method() + " " + operation.path(), responses));
        }
        return DynamicContainer.dynamicContainer(document.name, operations);
    }

    /** Sends the documented request and checks the answer against the document. */
    private static void reach(ApiDocument document, ApiDocument.Operation operation, int status, JsonNode response, JsonNode reach,
                              boolean onIngest, String where) throws Exception {
        Map<String, String> fresh = new LinkedHashMap<>();
        String path = operation.path();
        JsonNode defaults = operation.pathItem().path("x-parley-defaults").path("path");
        Matcher parameter = Pattern.compile("\\{([^}]+)}").matcher(path);
        StringBuilder url = new StringBuilder();
        while (parameter.find()) {
            JsonNode value = reach.path("path").has(parameter.group(1)) ? reach.path("path").path(parameter.group(1))
                    : defaults.path(parameter.group(1));
            assertThat(value.isMissingNode()).as(where + ": a value for path parameter " + parameter.group(1)).isFalse();
            parameter.appendReplacement(url, Matcher.quoteReplacement(encode(fill(value.asString(), fresh))));
        }
        parameter.appendTail(url);
        if (reach.has("query")) {
            url.append('?').append(reach.path("query").properties().stream()
                    .map(e -> encode(e.getKey()) + "=" + encode(fill(e.getValue().asString(), fresh))).collect(Collectors.joining("&")));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        reach.path("headers").properties().forEach(e -> headers.put(e.getKey(), fill(e.getValue().asString(), fresh)));
        Body body = body(reach, fresh);
        if (body.contentType() != null) {
            headers.putIfAbsent("Content-Type", body.contentType());
        }
        headers.replaceAll((name, value) -> value.equals(SIGN) ? signature(new String(body.bytes(), StandardCharsets.UTF_8)) : value);

        checkRequestAgainstSchema(document, operation, status, reach, body, where);

        URI uri = URI.create((onIngest ? "http://127.0.0.1:" + parley.ingestPort() : "http://127.0.0.1:" + parley.deliveryPort()) + url);
        // repeat: sent again until the documented status comes (a rate or a stream limit); keepOpen: each answer
        // before it stays open meanwhile (streams count while they are open).
        List<HttpResponse<InputStream>> held = new ArrayList<>();
        try {
            int tries = Math.max(1, reach.path("repeat").asInt(1));
            HttpResponse<InputStream> answer = null;
            for (int i = 0; i < tries; i++) {
                if (answer != null) {
                    if (reach.path("keepOpen").asBoolean(false)) {
                        held.add(answer);
                    } else {
                        answer.body().close();
                    }
                }
                answer = http.send(request(uri, operation.method(), headers, body).build(), HttpResponse.BodyHandlers.ofInputStream());
                if (answer.statusCode() == status) {
                    break;
                }
            }
            checkAnswer(document, response, status, answer, where + " " + reach);
        } finally {
            for (HttpResponse<InputStream> open : held) {
                open.body().close();
            }
        }
        synchronized (OpenApiContractTest.class) {
            reached++;
        }
    }

    private static void checkAnswer(ApiDocument document, JsonNode response, int status, HttpResponse<InputStream> answer, String where)
            throws Exception {
        String contentType = answer.headers().firstValue("Content-Type").orElse("");
        boolean stream = contentType.startsWith("text/event-stream");
        String text = stream ? "" : new String(readAndClose(answer.body()), StandardCharsets.UTF_8);
        if (stream) {
            answer.body().close();
        }
        assertThat(answer.statusCode()).as(where + " answered " + text).isEqualTo(status);
        response.path("headers").propertyNames().forEach(header ->
                assertThat(answer.headers().firstValue(header)).as(where + ": documented header " + header).isPresent());
        JsonNode content = response.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            assertThat(text).as(where + ": no body documented").isEmpty();
            return;
        }
        String mediaType = contentType.split(";")[0].strip();
        assertThat(content.has(mediaType)).as(where + ": Content-Type " + contentType + " documented among " + content.propertyNames())
                .isTrue();
        if (mediaType.equals("application/json")) {
            List<String> violations = document.violations(content.path(mediaType).path("schema"), json.readTree(text));
            assertThat(violations).as(where + ": the body " + text + " matches the documented schema").isEmpty();
        } else if (mediaType.equals("text/plain")) {
            List<String> violations = document.violations(content.path(mediaType).path("schema"), json.getNodeFactory().stringNode(text));
            assertThat(violations).as(where + ": the body " + text + " matches the documented schema").isEmpty();
        }
    }

    /**
     * What the document says of the request itself: a documented success's body is one the document
     * allows, and a request marked as breaking the body's schema does break it.
     */
    private static void checkRequestAgainstSchema(ApiDocument document, ApiDocument.Operation operation, int status, JsonNode reach,
                                                  Body body, String where) {
        if (body.asObject() == null) {
            return;
        }
        String mediaType = body.contentType().split(";")[0];
        JsonNode schema = operation.node().path("requestBody").path("content").path(mediaType).path("schema");
        if (schema.isMissingNode()) {
            return;
        }
        List<String> violations = document.violations(schema, body.asObject());
        if (status < 300) {
            assertThat(violations).as(where + ": the document allows " + body.asObject()).isEmpty();
        } else if (reach.path("breaks").asString("").equals("body")) {
            assertThat(violations).as(where + ": the document forbids " + body.asObject()).isNotEmpty();
        }
    }

    /** A request's body: its bytes, its Content-Type and, for JSON and forms, the value the schema judges. */
    private record Body(byte[] bytes, String contentType, JsonNode asObject) {
    }

    private static Body body(JsonNode reach, Map<String, String> fresh) {
        if (reach.has("json")) {
            JsonNode filled = filled(reach.path("json"), fresh);
            return new Body(json.writeValueAsBytes(filled), "application/json", filled);
        }
        if (reach.has("form")) {
            ObjectNode fields = json.createObjectNode();
            reach.path("form").properties().forEach(e -> fields.put(e.getKey(), fill(e.getValue().asString(), fresh)));
            String encoded = fields.properties().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue().asString()))
                    .collect(Collectors.joining("&"));
            return new Body(encoded.getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded", trimmedNames(fields));
        }
        if (reach.has("multipart")) {
            String boundary = "parley-" + UUID.randomUUID();
            StringBuilder parts = new StringBuilder();
            ObjectNode fields = json.createObjectNode();
            reach.path("multipart").properties().forEach(e -> {
                String value = fill(e.getValue().asString(), fresh);
                fields.put(e.getKey(), value);
                parts.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(e.getKey())
                        .append("\"\r\n\r\n").append(value).append("\r\n");
            });
            reach.path("files").properties().forEach(e -> {
                fields.put(e.getKey(), e.getValue().asString());
                parts.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(e.getKey())
                        .append("\"; filename=\"").append(e.getKey()).append(".wav\"\r\nContent-Type: audio/wav\r\n\r\n")
                        .append(e.getValue().asString()).append("\r\n");
            });
            parts.append("--").append(boundary).append("--\r\n");
            return new Body(parts.toString().getBytes(StandardCharsets.UTF_8), "multipart/form-data; boundary=" + boundary,
                    trimmedNames(fields));
        }
        if (reach.has("body")) {
            return new Body(fill(reach.path("body").asString(), fresh).getBytes(StandardCharsets.UTF_8), "application/json", null);
        }
        return new Body(new byte[0], null, null);
    }

    /** Botlhale reads field names with surrounding spaces removed, and BotID as bot_id; so does the schema check. */
    private static ObjectNode trimmedNames(ObjectNode fields) {
        ObjectNode trimmed = json.createObjectNode();
        fields.properties().forEach(e -> trimmed.set(e.getKey().strip().equals("BotID") ? "bot_id" : e.getKey().strip(), e.getValue()));
        return trimmed;
    }

    private static HttpRequest.Builder request(URI uri, String method, Map<String, String> headers, Body body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
        // GET and DELETE carry no body here: a shared 401 example may have one for the POSTs beside them.
        boolean sendsBody = !method.equals("GET") && !method.equals("DELETE");
        headers.forEach((name, value) -> {
            if (sendsBody || !name.equalsIgnoreCase("Content-Type")) {
                request.header(name, value);
            }
        });
        return request.method(method, sendsBody ? HttpRequest.BodyPublishers.ofByteArray(body.bytes()) : HttpRequest.BodyPublishers.noBody());
    }

    /** The tree with every {@code ${...}} filled in; {@code "${x:int}"} becomes a number. */
    private static JsonNode filled(JsonNode node, Map<String, String> fresh) {
        if (node.isString()) {
            Matcher whole = PLACEHOLDER.matcher(node.stringValue());
            if (whole.matches() && "int".equals(whole.group(2))) {
                return json.getNodeFactory().numberNode(Long.parseLong(fill("${" + whole.group(1) + "}", fresh)));
            }
            return json.getNodeFactory().stringNode(fill(node.stringValue(), fresh));
        }
        if (node.isObject()) {
            ObjectNode copy = json.createObjectNode();
            node.properties().forEach(e -> copy.set(e.getKey(), filled(e.getValue(), fresh)));
            return copy;
        }
        if (node.isArray()) {
            var copy = json.createArrayNode();
            node.forEach(item -> copy.add(filled(item, fresh)));
            return copy;
        }
        return node;
    }

    /**
     * {@code ${name}} from the fixtures; {@code ${uuid}} a new id for each request; {@code ${pad:N}} N
     * letters; {@code ${sign}} left for the signature of the finished body.
     */
    private static String fill(String text, Map<String, String> fresh) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = switch (name) {
                case "uuid" -> fresh.computeIfAbsent("uuid", k -> UUID.randomUUID().toString());
                case "pad" -> "a".repeat(Integer.parseInt(matcher.group(2)));
                case "sign" -> SIGN;
                default -> Optional.ofNullable(values.get(name)).orElseThrow(() -> new AssertionError("no value for ${" + name + "}"));
            };
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(filled);
        return filled.toString();
    }

    /** Messenger's X-Hub-Signature-256 of a body. */
    private static String signature(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(RunningParley.MESSENGER_APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String demoBot(long id) throws Exception {
        return Files.readString(Path.of("..", "bots", "parley-demo-1.yaml")).replace("botId: 1\n", "botId: " + id + "\n");
    }

    /** A new account owning {@code bots}, signed in: its e-mail, password, ids and token. */
    private static JsonNode account(List<String> bots) throws Exception {
        String email = "contract." + UUID.randomUUID() + "@example.com";
        String password = "a long enough secret";
        HttpResponse<String> made = send(HttpRequest.newBuilder(ingest("/admin/accounts")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + RunningParley.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("organisation", "Contract", "project", "P",
                        "bots", bots, "email", email, "password", password)))));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        HttpResponse<String> signedIn = send(HttpRequest.newBuilder(ingest("/api-token-auth/")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("username", email, "password", password)))));
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
        ObjectNode account = (ObjectNode) json.readTree(made.body());
        account.put("email", email);
        account.put("password", password);
        account.put("token", json.readTree(signedIn.body()).path("token").asString());
        return account;
    }

    private static String talkrSession(long bot) throws Exception {
        return talkr(bot, json.createObjectNode()).path("session").asString();
    }

    private static HttpRequest.Builder botlhale(String path, Map<String, String> fields) {
        String form = fields.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(ingest(path)).header("Authorization", "Bearer " + values.get("token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status of a request whose body is not read (a push stream stays open). */
    private static int status(HttpRequest.Builder request) throws Exception {
        HttpResponse<InputStream> answer = http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofInputStream());
        answer.body().close();
        return answer.statusCode();
    }

    private static byte[] readAndClose(InputStream in) throws Exception {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static URI ingest(String path) {
        return URI.create("http://127.0.0.1:" + parley.ingestPort() + path);
    }

    private static URI delivery(String path) {
        return URI.create("http://127.0.0.1:" + parley.deliveryPort() + path);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
