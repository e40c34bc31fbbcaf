package io.parley.delivery.webhooks;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.parley.avro.ProjectWebhook;
import io.parley.avro.Slot;
import io.parley.avro.SlotFilling;
import io.parley.avro.SlotState;
import io.parley.avro.WebhookRequest;
import io.parley.delivery.OutboundCall;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON body of a webhook call, as TalkLift sends it: the module-completed event ("General
 * Webhook") or the slot to validate ("Slot Filling Webhook"), fields in TalkLift's order. It is made
 * from the request and its project only, so every retry of a call sends the same bytes.
 */
final class TalkLiftBody {

    /** TalkLift's timestamps: microseconds and a numeric offset, always UTC here. */
    static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    // A mapper of its own: the wire format must not change with the application's Jackson settings.
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TalkLiftBody() {
    }

    static String render(WebhookRequest request, ProjectWebhook project) {
        ObjectNode body = JSON.createObjectNode();
        body.put("event_name", request.getEventName());
        ArrayNode payload = body.putArray("payload");
        switch (request.getKind()) {
            case MODULE_COMPLETED -> payload.add(storyState(request, project));
            case SLOT_VALIDATION -> payload.add(slotValidation(request, project));
            default -> throw new OutboundCall.RejectedException("no TalkLift event for a webhook call of kind " + request.getKind());
        }
        return JSON.writeValueAsString(body);
    }

    private static ObjectNode slotValidation(WebhookRequest request, ProjectWebhook project) {
        Slot slot = request.getSlot();
        if (slot == null) {
            throw new OutboundCall.RejectedException("slot validation call " + request.getIdempotencyKey() + " names no slot");
        }
        ObjectNode entry = JSON.createObjectNode();
        ObjectNode fields = entry.putObject("slot");
        fields.put("id", slot.getId());
        fields.put("label", slot.getLabel());
        fields.put("field_type", slot.getFieldType().name());
        fields.put("choice_options", String.join(",", slot.getChoiceOptions()));
        fields.put("validation_regex", orEmpty(slot.getValidationRegex()));
        fields.put("validation_message", orEmpty(slot.getValidationMessage()));
        fields.put("validate_with_webhook", slot.getValidateWithWebhook());
        fields.put("show_condition", slot.getShowCondition() == null ? "" : slot.getShowCondition().toString());
        fields.put("show_condition_value", orEmpty(slot.getShowConditionValue()));
        fields.put("date_gte_today", slot.getDateGteToday());
        fields.put("order", slot.getOrder());
        // Slots change only when the bot is published again.
        fields.put("created_at", timestamp(request.getSlotsPublishedAt()));
        fields.put("updated_at", timestamp(request.getSlotsPublishedAt()));
        entry.put("value", request.getValue());
        entry.put("session", request.getSessionId());
        entry.put("project", project.getProjectId());
        entry.put("org", project.getOrgId());
        entry.set("slot_state", storyState(request, project));
        return entry;
    }

    /** The module's story state with its slot states: the completed event's payload, the validation's slot_state. */
    private static ObjectNode storyState(WebhookRequest request, ProjectWebhook project) {
        SlotFilling filling = request.getFilling();
        ObjectNode state = JSON.createObjectNode();
        state.put("id", filling.getId());
        ArrayNode slotStates = state.putArray("slot_states");
        for (SlotState slotState : filling.getSlotStates()) {
            ObjectNode entry = slotStates.addObject();
            entry.put("id", slotState.getId());
            entry.put("story_state", slotState.getStoryState());
            entry.put("slot", slotState.getSlot());
            entry.put("order", slotState.getOrder());
            entry.put("is_done", slotState.getIsDone());
            entry.put("waiting_response", slotState.getWaitingResponse());
            entry.put("data", slotState.getData());
            entry.put("slot_label", slotState.getSlotLabel());
        }
        state.put("created_at", timestamp(filling.getCreatedAt()));
        state.put("updated_at", timestamp(filling.getUpdatedAt()));
        // Parley's session ids are UUIDs, so a string where TalkLift has a number.
        state.put("session", request.getSessionId());
        state.put("story", filling.getModuleId());
        state.put("project", project.getProjectId());
        state.put("org", project.getOrgId());
        return state;
    }

    private static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
