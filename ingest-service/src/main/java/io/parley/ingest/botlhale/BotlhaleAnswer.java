package io.parley.ingest.botlhale;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.parley.avro.BotMessage;
import io.parley.avro.BotReply;
import io.parley.avro.IntentScore;

/**
 * The answer to {@code POST /message}, field for field as Botlhale's "Response body", in its order.
 * {@code intent_ranking} is Parley's addition: every intent with its confidence, best first.
 */
record BotlhaleAnswer(
        @JsonProperty("text_msg") String textMsg,
        @JsonProperty("transcription") String transcription,
        @JsonProperty("speech_response_url") String speechResponseUrl,
        @JsonProperty("message_id") String messageId,
        @JsonProperty("conversation_id") String conversationId,
        @JsonProperty("user_id") String userId,
        @JsonProperty("bot_id") String botId,
        @JsonProperty("language_code") String languageCode,
        @JsonProperty("date_received") String dateReceived,
        @JsonProperty("text_response") String textResponse,
        @JsonProperty("intent") String intent,
        @JsonProperty("entities") List<EntityFound> entities,
        @JsonProperty("buttons") List<ButtonOffered> buttons,
        @JsonProperty("confidence") String confidence,
        @JsonProperty("custom") Map<String, String> custom,
        @JsonProperty("intent_ranking") List<IntentConfidence> intentRanking) {

    record EntityFound(String entity, String value, int start, int end, String extractor) {
    }

    record ButtonOffered(String type, String title, String payload, String url) {
    }

    record IntentConfidence(String intent, String confidence) {
    }

    /**
     * @param userText      what the user typed, or null when the message was not text
     * @param transcription what the user said, for speech messages
     * @param received      when the request arrived
     */
    static BotlhaleAnswer of(BotReply reply, String conversationId, String botId, String userText, String transcription,
                             String speechResponseUrl, Instant received) {
        IntentScore intent = reply.getIntent();
        return new BotlhaleAnswer(
                userText,
                transcription,
                speechResponseUrl,
                reply.getCommandId(),
                conversationId,
                reply.getUserId(),
                botId,
                reply.getLanguage() == null ? null : reply.getLanguage().getCode(),
                received.truncatedTo(ChronoUnit.SECONDS).toString(),
                textResponse(reply),
                intent == null ? null : intent.getIntent(),
                reply.getEntities().stream()
                        .map(e -> new EntityFound(e.getEntity(), e.getValue(), e.getStart(), e.getEnd(), e.getExtractor()))
                        .toList(),
                reply.getMessages().stream()
                        .flatMap(message -> message.getButtons().stream())
                        .map(button -> new ButtonOffered(button.getKind().name().toLowerCase(java.util.Locale.ROOT),
                                button.getTitle(), button.getPayload(), button.getUrl()))
                        .toList(),
                intent == null ? null : confidence(intent.getConfidence()),
                Map.copyOf(reply.getCustom()),
                reply.getIntentRanking().stream()
                        .map(score -> new IntentConfidence(score.getIntent(), confidence(score.getConfidence())))
                        .toList());
    }

    /** The bot's messages of the turn, one per line. */
    static String textResponse(BotReply reply) {
        return reply.getMessages().stream().map(BotMessage::getContent).collect(Collectors.joining("\n"));
    }

    /** A probability as Botlhale writes it: a string, like "0.95". */
    private static String confidence(double value) {
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
