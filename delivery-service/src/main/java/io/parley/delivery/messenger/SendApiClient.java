package io.parley.delivery.messenger;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.parley.avro.BotMessage;
import io.parley.avro.Button;
import io.parley.avro.ButtonKind;
import io.parley.delivery.OutboundCall;
import tools.jackson.databind.json.JsonMapper;

/**
 * Messenger's Send API: one {@code POST {graph}/me/messages} per message. Buttons become quick replies
 * when they are all postbacks (up to 13), or the button template otherwise (up to 3, postback and web_url).
 */
final class SendApiClient {

    private static final int QUICK_REPLIES_MAX = 13;
    private static final int TEMPLATE_BUTTONS_MAX = 3;

    private final OutboundCall outbound;
    private final JsonMapper json;
    private final String graphBaseUrl;
    private final Duration timeout;

    SendApiClient(OutboundCall outbound, JsonMapper json, String graphBaseUrl, Duration timeout) {
        this.outbound = outbound;
        this.json = json;
        this.graphBaseUrl = graphBaseUrl.endsWith("/") ? graphBaseUrl.substring(0, graphBaseUrl.length() - 1) : graphBaseUrl;
        this.timeout = timeout;
    }

    void send(String recipient, BotMessage message, String pageAccessToken) {
        Map<String, Object> body = Map.of(
                "recipient", Map.of("id", recipient),
                "messaging_type", "RESPONSE",
                "message", message(message));
        // The token in a header, not the URL: URLs end up in proxies' and servers' access logs.
        outbound.send(URI.create(graphBaseUrl + "/me/messages"),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + pageAccessToken),
                json.writeValueAsString(body), timeout, "the Send API");
    }

    static Map<String, Object> message(BotMessage message) {
        List<Button> buttons = message.getButtons();
        if (buttons.isEmpty()) {
            return Map.of("text", message.getContent());
        }
        boolean allPostbacks = buttons.stream().allMatch(button -> button.getKind() != ButtonKind.WEB_URL);
        if (allPostbacks) {
            List<Map<String, Object>> quickReplies = buttons.stream().limit(QUICK_REPLIES_MAX)
                    .map(button -> Map.<String, Object>of("content_type", "text", "title", button.getTitle(),
                            "payload", button.getPayload()))
                    .toList();
            return Map.of("text", message.getContent(), "quick_replies", quickReplies);
        }
        List<Map<String, Object>> templateButtons = new ArrayList<>();
        for (Button button : buttons.subList(0, Math.min(TEMPLATE_BUTTONS_MAX, buttons.size()))) {
            Map<String, Object> entry = new LinkedHashMap<>();
            if (button.getKind() == ButtonKind.WEB_URL) {
                entry.put("type", "web_url");
                entry.put("url", button.getUrl());
            } else {
                entry.put("type", "postback");
                entry.put("payload", button.getPayload());
            }
            entry.put("title", button.getTitle());
            templateButtons.add(entry);
        }
        return Map.of("attachment", Map.of("type", "template", "payload", Map.of(
                "template_type", "button", "text", message.getContent(), "buttons", templateButtons)));
    }
}
