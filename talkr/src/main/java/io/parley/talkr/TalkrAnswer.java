package io.parley.talkr;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.parley.avro.BotMessage;
import io.parley.avro.BotReply;
import io.parley.avro.Recognizer;
import io.parley.avro.RetryPrompt;
import io.parley.avro.SpeechSettings;
import io.parley.avro.Synthesizer;

/** The body of a TALKR answer, field for field as the seed's "Response structure" shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TalkrAnswer(String session, int code, String name, Language language, Map<String, String> variables, Data data) {

    public record Language(String name, String slug) {
    }

    /** {@code buttons} is Parley's addition to the seed's message (absent when a block offers none): a widget shows them. */
    public record Message(String type, String content, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Button> buttons) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Button(String title, String payload, String url) {
    }

    public record Response(String type, String content, String tracking) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Data(
            List<Message> messages,
            List<Response> responses,
            @JsonProperty("object_id") String objectId,
            @JsonProperty("has_background_text") int hasBackgroundText,
            @JsonProperty("background_content") String backgroundContent,
            @JsonProperty("speech_synthesis") SpeechSynthesis speechSynthesis,
            @JsonProperty("speech_recognizer") SpeechRecognizer speechRecognizer,
            @JsonProperty("hangup_no_response") Integer hangupNoResponse,
            Integer retries,
            Integer hangup) {
    }

    /** Shaped like a voice gateway's synthesizer object, so it can be passed on as it is. */
    public record SpeechSynthesis(String vendor, String language, String voice, Map<String, String> options) {
    }

    /**
     * Shaped like jambonz's recognizer object: {@code initialSpeechTimeoutMs} is how long to wait for the
     * caller to start speaking, {@code asrTimeout} the seconds of silence that end an utterance.
     */
    public record SpeechRecognizer(String vendor, String language, List<String> hints, int initialSpeechTimeoutMs,
                            double asrTimeout) {
    }

    public static TalkrAnswer of(BotReply reply) {
        io.parley.avro.Language language = reply.getLanguage();
        SpeechSettings speech = reply.getSpeech();
        Data data = new Data(
                reply.getMessages().stream().map(TalkrAnswer::message).toList(),
                reply.getRetryPrompts().stream().map(TalkrAnswer::response).toList(),
                reply.getTracking(),
                reply.getHasBackgroundText() ? 1 : 0,
                reply.getBackgroundContent() == null ? "" : reply.getBackgroundContent(),
                speech == null ? null : synthesis(speech.getSynthesizer()),
                speech == null ? null : recognizer(speech.getRecognizer()),
                speech == null ? null : (speech.getHangupNoResponse() ? 1 : 0),
                speech == null ? null : speech.getRetries(),
                // Telephony only: the conversation reached its end, the gateway may hang up.
                speech != null && reply.getEnded() ? 1 : null);
        return new TalkrAnswer(reply.getSessionId(), 200, reply.getBotName(),
                language == null ? null : new Language(language.getName(), language.getSlug()),
                reply.getVariables(), data);
    }

    public static TalkrAnswer error(int code, String session, String error) {
        return new TalkrAnswer(session, code, null, null, Map.of("error", error), null);
    }

    private static Message message(BotMessage message) {
        return new Message(message.getType().name().toLowerCase(Locale.ROOT), message.getContent(),
                message.getButtons().stream().map(b -> new Button(b.getTitle(), b.getPayload(), b.getUrl())).toList());
    }

    private static Response response(RetryPrompt prompt) {
        return new Response(prompt.getType().name().toLowerCase(Locale.ROOT), prompt.getContent(), prompt.getTracking());
    }

    private static SpeechSynthesis synthesis(Synthesizer s) {
        return new SpeechSynthesis(s.getVendor(), s.getLanguage(), s.getVoice(), s.getOptions());
    }

    private static SpeechRecognizer recognizer(Recognizer r) {
        return new SpeechRecognizer(r.getVendor(), r.getLanguage(), r.getHints(), r.getNoInputTimeoutMillis(),
                r.getEndOfSpeechTimeoutMillis() / 1000.0);
    }
}
