package io.parley.audit.rerun;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import io.parley.avro.BotMessage;
import io.parley.avro.BotSaid;
import io.parley.avro.CommandRejected;
import io.parley.avro.ConversationEvent;
import io.parley.avro.IntentRecognised;
import io.parley.avro.ModuleCompleted;
import io.parley.avro.SlotFilled;
import io.parley.avro.SlotRejected;
import io.parley.avro.SlotValidationRequested;

/**
 * What a bot author looks at in one turn: the intent understood, the block the bot answered from, what
 * happened to the module's slots, and the answer's text. Null where the turn had none.
 */
record TurnOutcome(String intent, String block, String slots, String answer) {

    static final String FALLBACK = "(fallback)";

    static TurnOutcome of(List<ConversationEvent> events) {
        String intent = null;
        String block = null;
        List<String> slots = new ArrayList<>();
        List<String> answer = new ArrayList<>();
        for (ConversationEvent event : events) {
            Object payload = event.getPayload();
            if (payload instanceof IntentRecognised recognised) {
                intent = recognised.getIntent() == null ? FALLBACK : recognised.getIntent();
            } else if (payload instanceof BotSaid said) {
                block = said.getBlockId();
                said.getMessages().stream().map(BotMessage::getContent).filter(Objects::nonNull).forEach(answer::add);
            } else if (payload instanceof SlotFilled filled) {
                slots.add(filled.getSlotId() + " filled");
            } else if (payload instanceof SlotRejected rejected) {
                slots.add(rejected.getSlotId() + " rejected");
            } else if (payload instanceof SlotValidationRequested requested) {
                slots.add(requested.getSlotId() + " sent for validation");
            } else if (payload instanceof ModuleCompleted) {
                slots.add("module completed");
            } else if (payload instanceof CommandRejected rejected) {
                answer.add("(refused: " + rejected.getStatus() + ")");
            }
        }
        return new TurnOutcome(intent, block, slots.isEmpty() ? null : String.join(", ", slots),
                answer.isEmpty() ? null : answer.stream().collect(Collectors.joining(" / ")));
    }

    /** Each aspect that differs, as {@code aspect: before → after}, in the order intent, block, slots, answer. */
    Map<String, String> changesTo(TurnOutcome after) {
        Map<String, String> changes = new LinkedHashMap<>();
        change(changes, "intent", intent, after.intent);
        change(changes, "block", block, after.block);
        change(changes, "slots", slots, after.slots);
        change(changes, "answer", quoted(answer), quoted(after.answer));
        return changes;
    }

    private static void change(Map<String, String> changes, String aspect, String before, String after) {
        if (!Objects.equals(before, after)) {
            changes.put(aspect, Objects.requireNonNullElse(before, "(none)") + " → " + Objects.requireNonNullElse(after, "(none)"));
        }
    }

    private static String quoted(String text) {
        return text == null ? null : "\"" + text + "\"";
    }
}
