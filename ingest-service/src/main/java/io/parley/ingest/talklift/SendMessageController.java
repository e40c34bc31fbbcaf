package io.parley.ingest.talklift;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.parley.avro.Button;
import io.parley.avro.ButtonKind;
import io.parley.avro.Channel;
import io.parley.avro.Command;
import io.parley.avro.Project;
import io.parley.avro.SendMessage;
import io.parley.avro.SessionEntry;
import io.parley.avro.User;
import io.parley.ingest.TextLimit;
import io.parley.ingest.accounts.Accounts;
import io.parley.ingest.conversation.ConversationGateway;
import io.parley.ingest.conversation.SessionDirectory;
import io.parley.topics.Topics;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * TalkLift's {@code POST /api/v1/sessions/send_message/}: the customer's backend sends a message to a
 * user, pushed on the session's channel (web push or Messenger); a postback button comes back to the
 * bot as the user's turn with its payload.
 */
@RestController
class SendMessageController {

    private final TalkLiftAuthentication authentication;
    private final Accounts accounts;
    private final SessionDirectory sessions;
    private final ConversationGateway gateway;

    SendMessageController(TalkLiftAuthentication authentication, Accounts accounts, SessionDirectory sessions,
                          ConversationGateway gateway) {
        this.authentication = authentication;
        this.accounts = accounts;
        this.sessions = sessions;
        this.gateway = gateway;
    }

    @PostMapping(path = "/api/v1/sessions/send_message/", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> send(HttpServletRequest request,
                                             @RequestBody JsonNode body)
            throws InterruptedException, ExecutionException, TimeoutException {
        User user = authentication.user(request);
        String sessionId = TalkLiftRequest.required(body, "session_id");
        String text = TalkLiftRequest.required(body, "text");
        TextLimit.fault("text", text).ifPresent(fault -> {
            throw new TalkLiftException(HttpStatus.BAD_REQUEST, fault);
        });
        Channel channel = channel(TalkLiftRequest.required(body, "channel"));
        long orgId = TalkLiftRequest.number(body, "org_id");
        long projectId = TalkLiftRequest.number(body, "project_id");
        String sender = body.path("sender").isString() ? body.path("sender").stringValue() : "BOT";
        List<Button> buttons = buttons(body.path("buttons"));

        if (orgId != user.getOrgId() || !user.getProjectIds().contains(projectId)) {
            throw new TalkLiftException(HttpStatus.FORBIDDEN, "You do not have access to project " + projectId + ".");
        }
        SessionEntry session = sessions.find(sessionId)
                .orElseThrow(() -> new TalkLiftException(HttpStatus.NOT_FOUND, "No session " + sessionId + "."));
        Project project = accounts.project(projectId).orElseThrow();
        if (!project.getBots().contains(Topics.botKey(session.getCompany(), session.getBotId()))) {
            throw new TalkLiftException(HttpStatus.FORBIDDEN, "Session " + sessionId + " is not a session of project " + projectId + ".");
        }
        if (session.getChannel() != channel) {
            throw new TalkLiftException(HttpStatus.BAD_REQUEST, "Session " + sessionId + " is on channel " + session.getChannel() + ".");
        }
        Command command = Command.newBuilder()
                .setCommandId("send/" + UUID.randomUUID())
                .setSessionId(sessionId)
                .setCompany(session.getCompany())
                .setBotId(session.getBotId())
                .setChannel(channel)
                .setIssuedAt(Instant.now())
                .setPayload(new SendMessage(sender, text, buttons))
                .build();
        // Kafka not taking the write in time is a 503 (TalkLiftErrors): nothing was written, the caller may send again.
        gateway.submit(command).get(10, TimeUnit.SECONDS);
        return ResponseEntity.ok(Map.of("status", "sent", "session_id", sessionId));
    }

    private static Channel channel(String value) {
        return switch (value.toUpperCase(Locale.ROOT)) {
            case "WEB" -> Channel.WEB;
            case "MESSENGER" -> Channel.MESSENGER;
            default -> throw new TalkLiftException(HttpStatus.BAD_REQUEST, "channel: \"" + value + "\" is not a valid choice (MESSENGER, WEB).");
        };
    }

    private static List<Button> buttons(JsonNode buttons) {
        List<Button> result = new ArrayList<>();
        if (buttons.isMissingNode() || buttons.isNull()) {
            return result;
        }
        if (!buttons.isArray()) {
            throw new TalkLiftException(HttpStatus.BAD_REQUEST, "buttons: Expected a list of items.");
        }
        for (JsonNode button : buttons) {
            String type = button.path("type").asString("");
            String title = button.path("title").asString("");
            if (title.isBlank()) {
                throw new TalkLiftException(HttpStatus.BAD_REQUEST, "buttons: every button needs a title.");
            }
            switch (type) {
                case "postback" -> result.add(new Button(ButtonKind.POSTBACK, title, button.path("payload").asString(title), null));
                case "web_url" -> {
                    String url = button.path("url").asString("");
                    if (!url.matches("https?://\\S+")) {
                        throw new TalkLiftException(HttpStatus.BAD_REQUEST, "buttons: a web_url button needs a valid url.");
                    }
                    result.add(new Button(ButtonKind.WEB_URL, title, null, url));
                }
                default -> throw new TalkLiftException(HttpStatus.BAD_REQUEST, "buttons: type must be postback or web_url.");
            }
        }
        return result;
    }
}
