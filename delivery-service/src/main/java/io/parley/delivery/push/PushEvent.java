package io.parley.delivery.push;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.parley.avro.BotMessage;
import io.parley.avro.BotReply;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One reply on the push stream, with its place in the log as id. {@code sync} marks replies the
 * caller already got in its HTTP answer; a widget shows the others (AI answers, later messages).
 */
record PushEvent(String id, String session, String tracking, boolean sync, List<Message> messages,
                 @JsonProperty("bot_answer") String botAnswer, @JsonProperty("has_background_text") int hasBackgroundText,
                 boolean ended) {

    record Message(String type, String content, List<Button> buttons) {
    }

    record Button(String title, String payload, String url) {
    }

    static String idOf(ConsumerRecord<?, ?> record) {
        return record.partition() + "-" + record.offset();
    }

    static PushEvent of(ConsumerRecord<String, BotReply> record) {
        BotReply reply = record.value();
        return new PushEvent(idOf(record), reply.getSessionId(), reply.getTracking(), reply.getReplyTo() != null,
                reply.getMessages().stream().map(PushEvent::message).toList(),
                reply.getVariables().get("bot_answer"), reply.getHasBackgroundText() ? 1 : 0, reply.getEnded());
    }

    private static Message message(BotMessage message) {
        return new Message(message.getType().name().toLowerCase(Locale.ROOT), message.getContent(),
                message.getButtons().stream().map(b -> new Button(b.getTitle(), b.getPayload(), b.getUrl())).toList());
    }
}
