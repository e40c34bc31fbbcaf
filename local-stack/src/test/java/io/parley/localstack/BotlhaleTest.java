package io.parley.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import com.sun.net.httpserver.HttpServer;
import io.parley.avro.ConversationEvent;
import io.parley.avro.TurnRepeated;
import io.parley.avro.UserSaid;
import io.parley.topics.Topics;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Botlhale's client examples (Python requests, curl, JavaScript FormData) and a client sending
 * speech, PDFs and pictures, against the running services and the multilingual clinic bot
 * (bots/parley-demo-5.yaml), with a token from Parley's accounts.
 */
class BotlhaleTest {

    private static final String BOT_ID = "parley-demo-5";
    private static final String HOURS_EN = "The clinic is open on weekdays from 07:30 to 16:00, and on Saturdays from 08:00 to 12:00.";
    private static final String HOURS_AF = "Die kliniek is weeksdae oop van 07:30 tot 16:00, en Saterdae van 08:00 tot 12:00.";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final HttpClient http = HttpClient.newHttpClient();

    private static final Map<String, String> pushPaths = new java.util.concurrent.ConcurrentHashMap<>();
    private static RunningParley parley;
    private static String token;
    private static String baseUrl;
    private static HttpServer documents;

    @TempDir
    Path dir;

    @BeforeAll
    static void signUp() throws Exception {
        parley = RunningParley.get();
        baseUrl = "http://127.0.0.1:" + parley.ingestPort();
        String email = "clinic." + UUID.randomUUID() + "@example.com";
        HttpResponse<String> account = post("/admin/accounts", json.writeValueAsString(Map.of("organisation", "Clinic",
                "project", "Assistant", "bots", List.of("parley-demo/5"), "email", email, "password", "a long enough secret")),
                "Bearer " + RunningParley.ADMIN_TOKEN);
        assertThat(account.statusCode()).as(account.body()).isEqualTo(201);
        token = json.readTree(post("/api-token-auth/", json.writeValueAsString(Map.of("username", email,
                "password", "a long enough secret")), null).body()).path("token").asString();
        documents = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        documents.start();
    }

    @AfterAll
    static void stopDocuments() {
        if (documents != null) {
            documents.stop(0);
        }
    }

    @Test
    void thePythonExamplesStartAConversationAndAskInEnglish() throws Exception {
        String python = ExampleScripts.firstWorking(List.of("python3", "/usr/bin/python3"), "-c", "import requests");
        assumeTrue(python != null, "no python3 with requests here (.ci/run installs python3-requests)");
        JsonNode started = json.readTree(ExampleScripts.run(python,
                example("botlhale-start.py", "en-ZA", null, null).toString()));
        String conversation = started.path("conversation_id").asString();
        assertThat(conversation).isNotBlank();
        assertThat(started.path("user_id").asString()).isEqualTo(conversation);
        assertThat(started.path("language_code").asString()).isEqualTo("en-ZA");
        assertThat(started.path("platform").asString()).isEqualTo("API");

        // The seed's message example: 'bot_id ' with a stray space, and the language by its name.
        Instant before = Instant.now().minusSeconds(1);
        JsonNode answer = json.readTree(ExampleScripts.run(python,
                example("botlhale-message.py", "English", conversation, "What are your opening hours?").toString()));

        assertThat(answer.properties().stream().map(Map.Entry::getKey).toList()).startsWith("text_msg", "transcription",
                "speech_response_url", "message_id", "conversation_id", "user_id", "bot_id", "language_code", "date_received",
                "text_response", "intent", "entities", "buttons", "confidence", "custom");
        assertThat(answer.path("text_msg").asString()).isEqualTo("What are your opening hours?");
        assertThat(answer.path("transcription").isNull()).isTrue();
        assertThat(answer.path("speech_response_url").isNull()).isTrue();
        assertThat(answer.path("message_id").asString()).isNotBlank();
        assertThat(answer.path("conversation_id").asString()).isEqualTo(conversation);
        assertThat(answer.path("user_id").asString()).isEqualTo(conversation);
        assertThat(answer.path("bot_id").asString()).isEqualTo(BOT_ID);
        assertThat(answer.path("language_code").asString()).isEqualTo("en-ZA");
        assertThat(Instant.parse(answer.path("date_received").asString())).isBetween(before, Instant.now());
        assertThat(answer.path("text_response").asString()).startsWith(HOURS_EN);
        assertThat(answer.path("intent").asString()).isEqualTo("opening_hours");
        assertThat(Double.parseDouble(answer.path("confidence").asString())).isGreaterThan(0.4).isLessThanOrEqualTo(1.0);
        assertThat(answer.path("intent_ranking").get(0).path("intent").asString()).isEqualTo("opening_hours");
        assertThat(answer.path("intent_ranking")).hasSize(4);
        assertThat(answer.path("entities").isArray()).isTrue();
        assertThat(answer.path("custom").isObject()).isTrue();
    }

    @Test
    void theCurlExamplesHoldAConversationInAfrikaans() throws Exception {
        JsonNode started = json.readTree(ExampleScripts.run("bash", example("botlhale-start.sh", "af-ZA", null, null).toString()));
        String conversation = started.path("conversation_id").asString();
        assertThat(started.path("language_code").asString()).isEqualTo("af-ZA");

        JsonNode answer = json.readTree(ExampleScripts.run("bash",
                example("botlhale-message.sh", "af-ZA", conversation, "Wanneer is julle oop?").toString()));

        assertThat(answer.path("text_response").asString()).startsWith(HOURS_AF);
        assertThat(answer.path("intent").asString()).isEqualTo("opening_hours");
        assertThat(answer.path("language_code").asString()).isEqualTo("af-ZA");
    }

    @Test
    void theJavaScriptExampleGetsEntitiesAndFillsTheBookingFromAFreeSentence() throws Exception {
        String conversation = start("en-ZA");
        form("/message", fields(conversation, "en-ZA", "I want to book an appointment"));

        JsonNode answer = json.readTree(ExampleScripts.run("node", example("botlhale-message.mjs", "en-ZA", conversation,
                "I need to see the dentist tomorrow at 3pm").toString()));

        assertThat(answer.path("entities")).extracting(entity -> entity.path("entity").asString() + "=" + entity.path("value").asString())
                .contains("department=dental")
                .anySatisfy(found -> assertThat(found).startsWith("datetime=").contains("T15:00:00+02:00"));
        JsonNode dentist = first(answer.path("entities"), "department");
        assertThat(dentist.path("extractor").asString()).isEqualTo("lookup");
        assertThat("I need to see the dentist tomorrow at 3pm".substring(dentist.path("start").asInt(), dentist.path("end").asInt()))
                .isEqualTo("dentist");
        // The department slot took the entity: the form goes on to the day.
        assertThat(answer.path("text_response").asString()).isEqualTo("On which day would you like to come?");
    }

    @Test
    void aBookingAskedForInOneSentenceIsAskedOnlyWhatIsMissing() throws Exception {
        String conversation = start("en-ZA");

        JsonNode answer = json.readTree(form("/message", fields(conversation, "en-ZA",
                "I want to book an appointment with the dentist tomorrow at 3pm")).body());

        // The department and the day came with the request: only the phone number is asked.
        assertThat(answer.path("intent").asString()).isEqualTo("book_appointment");
        assertThat(answer.path("text_response").asString())
                .isEqualTo("Let us book your appointment.\nWhich phone number can we send the confirmation to?");
        JsonNode phone = json.readTree(form("/message", fields(conversation, "en-ZA", "082 555 0199")).body());
        assertThat(phone.path("text_response").asString()).startsWith("Your appointment is booked.");

        // The log explains the booking: re-run offline, the engine decides the same events.
        AuditTool.Run replay = AuditTool.audit("replay", "--session", "parley-demo:5:" + conversation);
        assertThat(replay.status()).as(replay.toString()).isZero();
        assertThat(replay.out()).containsPattern("1 sessions, \\d+ commands, \\d+ events compared: 0 divergent");
    }

    @Test
    void aMessageSentAgainWithItsIdempotencyKeyIsTakenOnceAndAnsweredAlike() throws Exception {
        String conversation = start("en-ZA");
        String key = UUID.randomUUID().toString();
        Map<String, String> question = fields(conversation, "en-ZA", "What are your opening hours?");

        HttpResponse<String> first = form("/message", question, key);
        // The client never saw that answer (a timeout, a dropped connection) and sends the same message again.
        HttpResponse<String> retry = form("/message", question, key);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        assertThat(json.readTree(retry.body()).path("text_response").asString()).startsWith(HOURS_EN)
                .isEqualTo(json.readTree(first.body()).path("text_response").asString());
        List<ConversationEvent> events = parley.infra.values(Topics.EVENTS, "parley-demo:5:" + conversation);
        assertThat(events).filteredOn(event -> event.getPayload() instanceof UserSaid).as("the message taken once").hasSize(1);
        assertThat(events).filteredOn(event -> event.getPayload() instanceof TurnRepeated).as("the retry recognised").hasSize(1);

        HttpResponse<String> badKey = form("/message", question, "not a key!");
        assertThat(badKey.statusCode()).isEqualTo(400);
        assertThat(json.readTree(badKey.body()).path("error").asString()).contains("Idempotency-Key");
    }

    @Test
    void aSpokenQuestionIsTranscribedAndAnsweredWithPlayableAudio() throws Exception {
        String conversation = start("en-ZA");
        Path question = dir.resolve("question.wav");
        ExampleScripts.run("espeak-ng", "-v", "en-us+klatt", "-s", "150", "-w", question.toString(), "What are your opening hours?");

        Answer response = curl("-H", "Authorization: Bearer " + token,
                "--form", "bot_id=" + BOT_ID, "--form", "language_code=en-ZA", "--form", "conversation_id=" + conversation,
                "--form", "message_type=speech", "--form", "response_type=speech",
                "--form", "speech_file=@" + question + ";type=audio/wav", baseUrl + "/message");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode answer = json.readTree(response.body());
        assertThat(answer.path("transcription").asString()).isEqualTo("what are your opening hours");
        assertThat(answer.path("text_msg").isNull()).isTrue();
        assertThat(answer.path("intent").asString()).isEqualTo("opening_hours");
        assertThat(answer.path("text_response").asString()).startsWith(HOURS_EN);
        String audioUrl = answer.path("speech_response_url").asString();
        assertThat(audioUrl).startsWith(baseUrl + "/speech/");

        HttpResponse<byte[]> audio = http.send(HttpRequest.newBuilder(URI.create(audioUrl)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(audio.statusCode()).isEqualTo(200);
        assertThat(audio.headers().firstValue("Content-Type")).hasValue("audio/wav");
        assertThat(new String(audio.body(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(audio.body(), 8, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("WAVE");
        // Several seconds of speech: an empty or clipped file would be far smaller.
        assertThat(audio.body().length).isGreaterThan(50_000);
        // Any other token is not an answer.
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(audioUrl.substring(0, audioUrl.length() - 12) + "000000000000"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void aPdfIsReadAndItsQuestionAnsweredOnThePushStream() throws Exception {
        String conversation = start("af-ZA");
        String url = serve("/question.pdf", "application/pdf", pdf("Wanneer is julle oop?"));
        String other = start("af-ZA");
        try (SseClient withoutTicket = new SseClient(parley.pushEndpoint(5, "parley-demo:5:" + conversation), null);
             SseClient othersTicket = new SseClient(pushUrl(other).replace(other, conversation), null)) {
            assertThat(withoutTicket.status).as("a chosen conversation id is not enough to read its stream").isEqualTo(403);
            assertThat(othersTicket.status).as("a ticket opens its own conversation only").isEqualTo(403);
        }
        try (SseClient stream = new SseClient(pushUrl(conversation), null)) {
            assertThat(stream.status).isEqualTo(200);
            Map<String, String> fields = fields(conversation, "af-ZA", null);
            fields.put("message_type", "pdf");
            fields.put("pdf_url", url);
            JsonNode interim = json.readTree(form("/message", fields).body());
            assertThat(interim.path("text_response").asString())
                    .isEqualTo("Dankie, ek lees jou dokument. Die antwoord volg nou-nou.");

            SseClient.Event pushed = stream.nextPushed(PATIENCE);
            assertThat(pushed).as("the answer to the document is pushed").isNotNull();
            assertThat(pushed.data().path("messages").get(0).path("content").asString()).isEqualTo(HOURS_AF);
        }
    }

    @Test
    void aPictureIsReadByOcrAndAnswered() throws Exception {
        String conversation = start("English");
        String url = serve("/question.png", "image/png", png("What are your opening hours?"));
        try (SseClient stream = new SseClient(pushUrl(conversation), null)) {
            Map<String, String> fields = fields(conversation, "en-ZA", null);
            fields.put("message_type", "image");
            fields.put("image_url", url);
            assertThat(form("/message", fields).statusCode()).isEqualTo(200);

            SseClient.Event pushed = stream.nextPushed(PATIENCE);
            assertThat(pushed).as("the answer to the picture is pushed").isNotNull();
            assertThat(pushed.data().path("messages").get(0).path("content").asString()).isEqualTo(HOURS_EN);
        }
    }

    @Test
    void badRequestsGetPreciseErrors() throws Exception {
        String conversation = start("en-ZA");

        assertError(form("/message", fields(conversation, "en-ZA", null)), 400, "text_msg is required");
        Map<String, String> speech = fields(conversation, "en-ZA", null);
        speech.put("message_type", "speech");
        assertError(form("/message", speech), 400, "speech_file is required");
        assertError(form("/message", fields(conversation, "fr-FR", "Bonjour")), 400, "it speaks en-ZA, af-ZA, zu-ZA");
        Map<String, String> unknownBot = fields(conversation, "en-ZA", "hello");
        unknownBot.put("bot_id", "parley-demo-999");
        assertError(form("/message", unknownBot), 404, "no bot parley-demo-999");
        assertError(form("/message", fields("never-started-" + UUID.randomUUID(), "en-ZA", "hello")), 404, "start a new one");
        Map<String, String> document = fields(conversation, "en-ZA", null);
        document.put("message_type", "pdf");
        document.put("pdf_url", "file:///etc/passwd");
        assertError(form("/message", document), 400, "pdf_url must be an absolute http or https URL");
        Map<String, String> spokenZulu = fields(conversation, "zu-ZA", "sawubona");
        spokenZulu.put("response_type", "speech");
        assertError(form("/message", spokenZulu), 400, "spoken answers are not available in zu-ZA");

        Path garbage = dir.resolve("garbage.wav");
        Files.write(garbage, "this is not audio at all, just text pretending".getBytes());
        assertError(curl("-H", "Authorization: Bearer " + token, "--form", "bot_id=" + BOT_ID, "--form", "language_code=en-ZA",
                "--form", "conversation_id=" + conversation, "--form", "message_type=speech",
                "--form", "speech_file=@" + garbage, baseUrl + "/message"), 415, "speech_file cannot be used");
        Path huge = dir.resolve("huge.wav");
        Files.write(huge, new byte[17 * 1024 * 1024]);
        assertError(curl("-H", "Authorization: Bearer " + token, "--form", "bot_id=" + BOT_ID, "--form", "language_code=en-ZA",
                "--form", "conversation_id=" + conversation, "--form", "message_type=speech",
                "--form", "speech_file=@" + huge, baseUrl + "/message"), 413, "larger than");

        HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/message"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("bot_id=" + BOT_ID)).build(), HttpResponse.BodyHandlers.ofString());
        assertError(noToken, 401, "Bearer");
        assertThat(noToken.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void aKnownConversationIdContinuesItsConversationAndAnotherBotsTokenIsRefused() throws Exception {
        String conversation = "p52C32Li4xx5-" + UUID.randomUUID();
        Map<String, String> start = new java.util.HashMap<>(Map.of("bot_id", BOT_ID, "language_code", "en-ZA",
                "conversation_id", conversation, "user_id", "user_789"));
        JsonNode first = json.readTree(form("/start_conversation", start).body());
        assertThat(first.path("conversation_id").asString()).isEqualTo(conversation);
        assertThat(first.path("user_id").asString()).isEqualTo("user_789");
        form("/message", fields(conversation, "en-ZA", "I want to book an appointment"));

        JsonNode again = json.readTree(form("/start_conversation", start).body());
        assertThat(again.path("conversation_id").asString()).isEqualTo(conversation);
        // Still in the booking form: the answer is the form's, not the welcome.
        JsonNode answer = json.readTree(form("/message", fields(conversation, "en-ZA", "the pharmacy please")).body());
        assertThat(answer.path("text_response").asString()).isEqualTo("On which day would you like to come?");
        assertThat(answer.path("user_id").asString()).isEqualTo("user_789");

        Map<String, String> otherBot = new java.util.HashMap<>(start);
        otherBot.put("bot_id", "parley-demo-1");
        assertError(form("/start_conversation", otherBot), 403, "belongs to no project of yours");

        // The conversation id is the client's choice, so its session id can be guessed: no other door drives it.
        String session = "parley-demo:5:" + conversation;
        for (long botId : new long[] {1, 5}) {
            HttpResponse<String> talkr = http.send(HttpRequest.newBuilder(URI.create(parley.talkrEndpoint(botId, "web")))
                    .header("Content-Type", "application/json").header("X-Talkr-Query", "1")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"message": "tomorrow", "session": "%s", "tracking": "booking",
                             "variables": {"userresponse": "tomorrow"}}""".formatted(session))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(talkr.statusCode()).as("through bot %d's TALKR door: %s", botId, talkr.body()).isEqualTo(400);
            assertThat(json.readTree(talkr.body()).path("variables").path("error").asString()).contains("unknown");
        }
        JsonNode stillThere = json.readTree(form("/message", fields(conversation, "en-ZA", "tomorrow")).body());
        assertThat(stillThere.path("text_response").asString()).isEqualTo("Which phone number can we send the confirmation to?");
    }

    private static void assertError(HttpResponse<String> response, int status, String message) {
        assertError(new Answer(response.statusCode(), response.body()), status, message);
    }

    private static void assertError(Answer answer, int status, String message) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        JsonNode body = json.readTree(answer.body());
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("error").asString()).contains(message);
    }

    private Path example(String name, String language, String conversation, String text) throws Exception {
        Map<String, String> fills = new java.util.HashMap<>(Map.of("{BASE_URL}", baseUrl, "{TOKEN}", token,
                "{BOT_ID}", BOT_ID, "{LANGUAGE}", language));
        if (conversation != null) {
            fills.put("{CONVERSATION_ID}", conversation);
        }
        if (text != null) {
            fills.put("{TEXT}", text);
        }
        return ExampleScripts.example(dir, name, fills);
    }

    private static String start(String language) throws Exception {
        HttpResponse<String> started = form("/start_conversation", Map.of("bot_id", BOT_ID, "language_code", language));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        JsonNode answer = json.readTree(started.body());
        String conversation = answer.path("conversation_id").asString();
        assertThat(answer.path("push_path").asString()).startsWith("/push/parley-demo/5/parley-demo:5:" + conversation + "?ticket=");
        pushPaths.put(conversation, answer.path("push_path").asString());
        return conversation;
    }

    /** The conversation's push stream, with the ticket its start answer carried. */
    private static String pushUrl(String conversation) {
        return "http://127.0.0.1:" + parley.deliveryPort() + pushPaths.get(conversation);
    }

    private static Map<String, String> fields(String conversation, String language, String text) {
        Map<String, String> fields = new java.util.HashMap<>(Map.of("bot_id", BOT_ID, "language_code", language,
                "conversation_id", conversation));
        if (text != null) {
            fields.put("text_msg", text);
        }
        return fields;
    }

    /** A form POST as {@code application/x-www-form-urlencoded}, with the token. */
    private static HttpResponse<String> form(String path, Map<String, String> fields) throws Exception {
        return form(path, fields, null);
    }

    /** The same, with an {@code Idempotency-Key} when one is given. */
    private static HttpResponse<String> form(String path, Map<String, String> fields, String idempotencyKey) throws Exception {
        String body = String.join("&", fields.entrySet().stream()
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue())).toList());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A multipart request made by curl, as the seed's examples make them; returns its status and body. */
    private Answer curl(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", dir.resolve("body").toString(), "-w", "%{http_code}"));
        command.addAll(List.of(arguments));
        int status = Integer.parseInt(ExampleScripts.run(command.toArray(String[]::new)).strip());
        String body = Files.readString(dir.resolve("body"));
        return new Answer(status, body);
    }

    private static JsonNode first(JsonNode entities, String name) {
        for (JsonNode entity : entities) {
            if (entity.path("entity").asString().equals(name)) {
                return entity;
            }
        }
        throw new AssertionError("no " + name + " entity in " + entities);
    }

    private static String serve(String path, String contentType, byte[] content) {
        documents.createContext(path, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(200, content.length);
            exchange.getResponseBody().write(content);
            exchange.close();
        });
        return "http://127.0.0.1:" + documents.getAddress().getPort() + path;
    }

    private static byte[] pdf(String sentence) throws Exception {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
                content.newLineAtOffset(72, 700);
                content.showText(sentence);
                content.endText();
            }
            document.save(out);
            return out.toByteArray();
        }
    }

    private static byte[] png(String text) throws Exception {
        BufferedImage image = new BufferedImage(1400, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
        graphics.setColor(Color.BLACK);
        graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 56));
        graphics.drawString(text, 40, 120);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static HttpResponse<String> post(String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An HTTP answer, whichever client got it. */
    private record Answer(int status, String body) {
    }
}
