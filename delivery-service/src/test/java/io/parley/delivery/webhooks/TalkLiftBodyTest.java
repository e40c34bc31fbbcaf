package io.parley.delivery.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import io.parley.avro.Channel;
import io.parley.avro.ProjectWebhook;
import io.parley.avro.Slot;
import io.parley.avro.SlotFieldType;
import io.parley.avro.SlotFilling;
import io.parley.avro.SlotState;
import io.parley.avro.WebhookKind;
import io.parley.avro.WebhookRequest;
import io.parley.delivery.OutboundCall;
import io.parley.topics.RegistrySerdes;
import org.junit.jupiter.api.Test;

class TalkLiftBodyTest {

    static {
        RegistrySerdes.trustParleyRecords();
    }

    private static final String SESSION = "6f1c1b7e-6f0e-4a57-9a39-1f7f1f4f2a10";
    private static final ProjectWebhook PROJECT = ProjectWebhook.newBuilder().setProjectId(1).setOrgId(900).build();

    @Test
    void aCompletedModuleIsRenderedAsTalkLiftsGeneralWebhookByteForByte() {
        String body = TalkLiftBody.render(request(WebhookKind.MODULE_COMPLETED, "Policy renewal", null, null), PROJECT);

        assertThat(body).isEqualTo("{\"event_name\":\"Policy renewal\",\"payload\":[{\"id\":917,\"slot_states\":["
                + "{\"id\":6976,\"story_state\":917,\"slot\":5444,\"order\":1,\"is_done\":true,\"waiting_response\":false,"
                + "\"data\":\"Mr Awesome Customer\",\"slot_label\":\"Full name\"},"
                + "{\"id\":6981,\"story_state\":917,\"slot\":3442,\"order\":3,\"is_done\":false,\"waiting_response\":true,"
                + "\"data\":null,\"slot_label\":\"Membership Number\"}],"
                + "\"created_at\":\"2019-02-27T08:46:25.133000+00:00\",\"updated_at\":\"2019-03-07T14:52:38.144000+00:00\","
                + "\"session\":\"" + SESSION + "\",\"story\":1220,\"project\":1,\"org\":900}]}");
    }

    @Test
    void aSlotToValidateIsRenderedAsTalkLiftsSlotFillingWebhookByteForByte() {
        Slot slot = Slot.newBuilder().setId(3442).setLabel("Membership Number").setFieldType(SlotFieldType.TEXT)
                .setValidationMessage("Please enter a valid membership number").setValidateWithWebhook(true)
                .setOrder(3).build();

        String body = TalkLiftBody.render(request(WebhookKind.SLOT_VALIDATION, "SLOT-MODULE:Make a claim", slot, "209192092"), PROJECT);

        assertThat(body).isEqualTo("{\"event_name\":\"SLOT-MODULE:Make a claim\",\"payload\":[{\"slot\":{"
                + "\"id\":3442,\"label\":\"Membership Number\",\"field_type\":\"TEXT\",\"choice_options\":\"\","
                + "\"validation_regex\":\"\",\"validation_message\":\"Please enter a valid membership number\","
                + "\"validate_with_webhook\":true,\"show_condition\":\"\",\"show_condition_value\":\"\",\"date_gte_today\":false,"
                + "\"order\":3,\"created_at\":\"2019-03-07T14:46:28.479000+00:00\",\"updated_at\":\"2019-03-07T14:46:28.479000+00:00\"},"
                + "\"value\":\"209192092\",\"session\":\"" + SESSION + "\",\"project\":1,\"org\":900,\"slot_state\":{\"id\":917,\"slot_states\":["
                + "{\"id\":6976,\"story_state\":917,\"slot\":5444,\"order\":1,\"is_done\":true,\"waiting_response\":false,"
                + "\"data\":\"Mr Awesome Customer\",\"slot_label\":\"Full name\"},"
                + "{\"id\":6981,\"story_state\":917,\"slot\":3442,\"order\":3,\"is_done\":false,\"waiting_response\":true,"
                + "\"data\":null,\"slot_label\":\"Membership Number\"}],"
                + "\"created_at\":\"2019-02-27T08:46:25.133000+00:00\",\"updated_at\":\"2019-03-07T14:52:38.144000+00:00\","
                + "\"session\":\"" + SESSION + "\",\"story\":1220,\"project\":1,\"org\":900}}]}");
    }

    @Test
    void choicesAreJoinedWithCommasAndAShowConditionIsTheSlotIdAsText() {
        Slot slot = Slot.newBuilder().setId(7).setLabel("Cover").setFieldType(SlotFieldType.CHOICE)
                .setChoiceOptions(List.of("Gold", "Silver")).setShowCondition(5444L).setShowConditionValue("yes")
                .setValidationRegex("^[A-Z]").setOrder(4).build();

        String body = TalkLiftBody.render(request(WebhookKind.SLOT_VALIDATION, "SLOT-MODULE:Make a claim", slot, "Gold"), PROJECT);

        assertThat(body).contains("\"field_type\":\"CHOICE\",\"choice_options\":\"Gold,Silver\",\"validation_regex\":\"^[A-Z]\"",
                "\"show_condition\":\"5444\",\"show_condition_value\":\"yes\"");
    }

    @Test
    void aSlotValidationWithoutASlotIsRefusedNotRetried() {
        assertThatThrownBy(() -> TalkLiftBody.render(request(WebhookKind.SLOT_VALIDATION, "SLOT-MODULE:x", null, "v"), PROJECT))
                .isInstanceOf(OutboundCall.RejectedException.class);
    }

    @Test
    void eventNamesBecomeSafeHeaderValues() {
        assertThat(WebhookSender.percentEncoded("SLOT-MODULE:Make a claim")).isEqualTo("SLOT-MODULE:Make a claim");
        assertThat(WebhookSender.percentEncoded("Réclamation 100%\n")).isEqualTo("R%C3%A9clamation 100%25%0A");
    }

    static WebhookRequest request(WebhookKind kind, String eventName, Slot slot, String value) {
        SlotFilling filling = SlotFilling.newBuilder()
                .setId(917).setSessionId(SESSION).setCompany("acme").setBotId(7).setModuleId(1220)
                .setModuleName("Make a claim").setBlockId("b1")
                .setSlotStates(List.of(
                        SlotState.newBuilder().setId(6976).setStoryState(917).setSlot(5444).setOrder(1).setIsDone(true)
                                .setData("Mr Awesome Customer").setSlotLabel("Full name").build(),
                        SlotState.newBuilder().setId(6981).setStoryState(917).setSlot(3442).setOrder(3)
                                .setWaitingResponse(true).setSlotLabel("Membership Number").build()))
                .setCreatedAt(Instant.parse("2019-02-27T08:46:25.133Z"))
                .setUpdatedAt(Instant.parse("2019-03-07T14:52:38.144Z"))
                .build();
        return WebhookRequest.newBuilder()
                .setIdempotencyKey("key-1").setSessionId(SESSION).setCompany("acme").setBotId(7).setChannel(Channel.WEB)
                .setKind(kind).setEventName(eventName).setFilling(filling).setSlot(slot).setValue(value)
                .setSlotsPublishedAt(Instant.parse("2019-03-07T14:46:28.479Z"))
                .setRequestedAt(Instant.parse("2019-03-07T14:52:38.144Z"))
                .build();
    }
}
