package io.parley.delivery.ai;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.parley.avro.ChatMessage;
import io.parley.delivery.OutboundCall;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One call to an OpenAI-compatible {@code POST {baseUrl}/chat/completions}. */
final class ChatCompletionsClient {

    /** The answer, or why there is none. */
    sealed interface Outcome {
        record Answered(String text, String model) implements Outcome {
        }

        record Failed(String cause) implements Outcome {
        }
    }

    private final OutboundCall outbound;
    private final JsonMapper json;
    private final Duration timeout;

    ChatCompletionsClient(OutboundCall outbound, JsonMapper json, Duration timeout) {
        this.outbound = outbound;
        this.json = json;
        this.timeout = timeout;
    }

    /** A chat completion's answer, with room for a long one; an endless answer is cut off here. */
    static final int MAX_ANSWER_BYTES = 1024 * 1024;

    Outcome complete(String baseUrl, String apiKey, String model, List<ChatMessage> messages) {
        List<Map<String, String>> body = messages.stream()
                .map(message -> Map.of("role", message.getRole(), "content", message.getContent()))
                .toList();
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/json"));
        if (apiKey != null && !apiKey.isBlank()) {
            headers.put("Authorization", "Bearer " + apiKey);
        }
        OutboundCall.Answer response;
        try {
            response = outbound.exchange(URI.create(stripSlash(baseUrl) + "/chat/completions"), headers,
                    json.writeValueAsString(Map.of("model", model, "messages", body)), timeout, MAX_ANSWER_BYTES);
        } catch (HttpTimeoutException e) {
            return new Outcome.Failed("no answer within " + timeout.toMillis() + " ms");
        } catch (OutboundCall.AnswerTooLargeException | OutboundCall.RefusedAddressException e) {
            return new Outcome.Failed(e.getMessage());
        } catch (IOException e) {
            return new Outcome.Failed("could not reach the endpoint: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Failed("interrupted");
        }
        if (response.statusCode() == 429) {
            return new Outcome.Failed("rate limited (429)");
        }
        if (response.statusCode() / 100 != 2) {
            return new Outcome.Failed("the endpoint answered " + response.statusCode());
        }
        try {
            JsonNode root = json.readTree(response.body());
            JsonNode content = root.path("choices").path(0).path("message").path("content");
            if (!content.isString() || content.stringValue().isBlank()) {
                return new Outcome.Failed("the answer has no choices[0].message.content");
            }
            return new Outcome.Answered(content.stringValue().strip(), root.path("model").asString(model));
        } catch (JacksonException e) {
            return new Outcome.Failed("the answer is not JSON");
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
