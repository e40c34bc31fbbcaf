package io.parley.ingest.messenger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.parley.avro.BotDefinition;
import io.parley.avro.Channel;
import io.parley.avro.Command;
import io.parley.avro.UserMessage;
import io.parley.ingest.IngestProperties;
import io.parley.ingest.LimitedBody;
import io.parley.ingest.TextLimit;
import io.parley.ingest.bots.BotCatalog;
import io.parley.ingest.conversation.ConversationGateway;
import io.parley.ingest.nlu.UtteranceEncoder;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Messenger's webhook: the subscription handshake, and page events checked against the app secret.
 * Text messages, quick replies and postbacks become user turns of session
 * {@code messenger:<page id>:<user's page-scoped id>}; the answers go back through the Send API from
 * the delivery service. Events Parley does not handle are acknowledged (200), or Messenger would
 * retry them and in the end disable the webhook.
 */
@RestController
@RequestMapping(path = "/messenger/webhook", produces = MediaType.APPLICATION_JSON_VALUE)
class MessengerWebhookController {

    private static final Logger log = LoggerFactory.getLogger(MessengerWebhookController.class);
    private static final long MAX_EVENT_BYTES = 256 * 1024;

    private final IngestProperties.Messenger settings;
    private final BotCatalog bots;
    private final ConversationGateway gateway;
    private final JsonMapper json;
    private final UtteranceEncoder utterances;

    MessengerWebhookController(IngestProperties properties, BotCatalog bots, ConversationGateway gateway, JsonMapper json,
                               UtteranceEncoder utterances) {
        this.utterances = utterances;
        this.settings = properties.messenger();
        this.bots = bots;
        this.gateway = gateway;
        this.json = json;
    }

    @GetMapping(produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> verify(@RequestParam(name = "hub.mode", required = false) String mode,
                                  @RequestParam(name = "hub.verify_token", required = false) String token,
                                  @RequestParam(name = "hub.challenge", required = false) String challenge) {
        if (settings.verifyToken() != null && "subscribe".equals(mode) && settings.verifyToken().equals(token)
                && challenge != null) {
            return ResponseEntity.ok(challenge);
        }
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body("verification failed");
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> receive(@RequestHeader(name = MessengerSignature.HEADER, required = false) String signature,
                                                HttpServletRequest request) throws Exception {
        if (settings.appSecret() == null || settings.appSecret().isBlank()) {
            return error(HttpStatus.FORBIDDEN, "the Messenger webhook is not configured (parley.ingest.messenger.app-secret)");
        }
        byte[] body;
        try {
            body = LimitedBody.read(request, MAX_EVENT_BYTES);
        } catch (LimitedBody.TooLargeException e) {
            return error(HttpStatus.PAYLOAD_TOO_LARGE, e.getMessage());
        }
        if (signature == null) {
            return error(HttpStatus.UNAUTHORIZED, MessengerSignature.HEADER + " is required");
        }
        if (!MessengerSignature.matches(body, signature, settings.appSecret())) {
            return error(HttpStatus.FORBIDDEN, MessengerSignature.HEADER + " does not match the body");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            return error(HttpStatus.BAD_REQUEST, "malformed JSON");
        }
        List<String> ignored = new ArrayList<>();
        List<Command> turns = new ArrayList<>();
        if (!"page".equals(root.path("object").asString(""))) {
            ignored.add("object '" + root.path("object").asString("") + "' is not 'page'");
        }
        for (JsonNode entry : root.path("entry")) {
            String pageId = entry.path("id").asString("");
            Optional<BotDefinition> bot = bots.findByPage(pageId);
            if (bot.isEmpty()) {
                ignored.add("no bot answers on page " + pageId);
                continue;
            }
            for (JsonNode event : entry.path("messaging")) {
                turn(bot.get(), pageId, event).ifPresentOrElse(turns::add, () -> ignored.add(describe(event)));
            }
        }
        // Nothing half-processed: acknowledge only once every turn is on the log; otherwise Messenger retries.
        CompletableFuture.allOf(turns.stream().map(gateway::submit).toArray(CompletableFuture[]::new))
                .get(10, TimeUnit.SECONDS);
        if (!ignored.isEmpty()) {
            log.info("Messenger events ignored: {}", ignored);
        }
        return ResponseEntity.ok(Map.of("accepted", turns.size(), "ignored", ignored));
    }

    /** A user's turn, for a text message, a quick reply or a postback; empty for what Parley does not handle. */
    private Optional<Command> turn(BotDefinition bot, String pageId, JsonNode event) {
        String user = event.path("sender").path("id").asString("");
        JsonNode message = event.path("message");
        JsonNode postback = event.path("postback");
        String text;
        String payload = null;
        String id;
        if (message.isObject() && !message.path("is_echo").asBoolean(false) && message.path("text").isString()) {
            // Messenger's own limit is 2,000 characters: a longer text did not come from Messenger, and is cut.
            text = message.path("text").stringValue();
            text = text.length() > TextLimit.MAX_CHARS ? text.substring(0, TextLimit.MAX_CHARS) : text;
            payload = message.path("quick_reply").path("payload").asString(null);
            id = message.path("mid").asString(UUID.randomUUID().toString());
        } else if (postback.isObject() && postback.path("payload").isString()) {
            payload = postback.path("payload").stringValue();
            text = postback.path("title").asString(payload);
            id = postback.path("mid").asString(UUID.randomUUID().toString());
        } else {
            return Optional.empty();
        }
        if (user.isEmpty() || user.equals(pageId)) {
            return Optional.empty();
        }
        return Optional.of(Command.newBuilder()
                .setCommandId("messenger/" + id)
                .setSessionId("messenger:" + pageId + ":" + user)
                .setCompany(bot.getCompany())
                .setBotId(bot.getBotId())
                .setChannel(Channel.MESSENGER)
                .setIssuedAt(Instant.now())
                .setPayload(UserMessage.newBuilder()
                        .setText(text)
                        .setPayload(payload)
                        .setVariables(Map.of("userresponse", text))
                        .setStartIfMissing(true)
                        .setUserId(user)
                        .setEmbedding(utterances.embed(bot, text))
                        .build())
                .build());
    }

    private static String describe(JsonNode event) {
        for (String kind : List.of("message", "postback", "delivery", "read", "reaction", "optin", "referral")) {
            if (event.has(kind)) {
                return kind + (kind.equals("message") ? " without text (or an echo)" : "") + " events are not handled";
            }
        }
        return "unrecognised event";
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("status", status.value(), "error", message));
    }
}
