package io.parley.engine.slots;

import static io.parley.engine.testing.EngineHarness.say;
import static io.parley.engine.testing.EngineHarness.start;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.parley.avro.BotDefinition;
import io.parley.avro.BotMessage;
import io.parley.avro.BotReply;
import io.parley.avro.Button;
import io.parley.avro.Channel;
import io.parley.avro.CommandRejected;
import io.parley.avro.ConversationEvent;
import io.parley.avro.ExpireSession;
import io.parley.avro.ModuleCompleted;
import io.parley.avro.ReplyStatus;
import io.parley.avro.SlotFeedback;
import io.parley.avro.SlotFilling;
import io.parley.avro.SlotRejected;
import io.parley.avro.SlotState;
import io.parley.avro.WebhookDeliveryFailed;
import io.parley.avro.WebhookFailed;
import io.parley.avro.WebhookKind;
import io.parley.avro.WebhookRequest;
import io.parley.engine.testing.EngineHarness;
import io.parley.engine.testing.TestBots;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Modules ask their slots in order, validate them locally or by the customer's webhook, and then the tree goes on. */
class SlotFillingTest {

    /** 10:00 in Johannesburg on 6 March 2026. */
    private static final Instant T0 = Instant.parse("2026-03-06T08:00:00Z");

    private final BotDefinition bot = TestBots.claims();
    private EngineHarness engine;

    @BeforeEach
    void publishBot() {
        engine = new EngineHarness(T0);
        engine.publish(bot);
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @Test
    void slotsAreAskedInOrderValidatedByTypeAndKeptInTheSeedsShape() {
        openModule("s1");

        assertThat(answer("s1", "Mr Awesome Customer")).containsExactly("Email Address");
        assertThat(answer("s1", "not-an-email")).containsExactly("Please enter a valid e-mail address.");
        assertThat(answer("s1", "username@gmail.com")).containsExactly("What kind of claim?");
        BotReply choice = lastReply;
        assertThat(choice.getMessages().get(0).getButtons()).extracting(Button::getPayload).containsExactly("Car", "Home");
        assertThat(answer("s1", "boat")).containsExactly("Please choose one of: Car, Home.");
        assertThat(answer("s1", "car")).containsExactly("Vehicle registration?");
        assertThat(answer("s1", "my car")).containsExactly("Please enter a registration like CA 1234.");
        assertThat(answer("s1", "CA 1234")).containsExactly("Your phone number?");
        assertThat(answer("s1", "12")).containsExactly("Please enter a valid phone number.");
        assertThat(answer("s1", "082 555 1234")).containsExactly("When did it happen?");
        assertThat(answer("s1", "5 March 2026")).containsExactly("Please enter a date from today on.");
        assertThat(answer("s1", "31/12/2026")).containsExactly("Membership Number");

        SlotFilling filling = engine.slots.get("s1");
        assertThat(filling.getModuleName()).isEqualTo("Make a claim");
        assertThat(filling.getSlotStates()).extracting(SlotState::getSlot, SlotState::getData, SlotState::getIsDone,
                SlotState::getWaitingResponse).containsExactly(
                org.assertj.core.groups.Tuple.tuple(5444L, "Mr Awesome Customer", true, false),
                org.assertj.core.groups.Tuple.tuple(3440L, "username@gmail.com", true, false),
                org.assertj.core.groups.Tuple.tuple(3441L, "Car", true, false),
                org.assertj.core.groups.Tuple.tuple(3445L, "CA 1234", true, false),
                org.assertj.core.groups.Tuple.tuple(3446L, "+27825551234", true, false),
                org.assertj.core.groups.Tuple.tuple(3447L, "2026-12-31", true, false),
                org.assertj.core.groups.Tuple.tuple(3442L, null, false, true));
        assertThat(filling.getSlotStates()).allSatisfy(state -> assertThat(state.getStoryState()).isEqualTo(filling.getId()));
        assertThat(filling.getSlotStates()).extracting(SlotState::getOrder).containsExactly(1, 2, 3, 4, 5, 6, 7);
        // The slot-states topic follows the store, keyed by the story-state id the customer's feedback names.
        TestRecord<String, SlotFilling> published = lastSlotState();
        assertThat(published.key()).isEqualTo(Long.toString(filling.getId()));
        assertThat(published.value()).isEqualTo(filling);
    }

    @Test
    void aSlotWithAShowConditionIsSkippedWhenTheEarlierAnswerDiffers() {
        openModule("s1");
        answer("s1", "Jane");
        answer("s1", "jane@example.com");
        assertThat(answer("s1", "Home")).containsExactly("Your phone number?");
        assertThat(engine.slots.get("s1").getSlotStates()).extracting(SlotState::getSlot).doesNotContain(3445L);
    }

    @Test
    void aWebhookValidatedSlotWaitsForTheCustomersVerdictAndThenTheModuleCompletesOnce() {
        WebhookRequest validation = reachMembershipNumber("s1", "209192092");

        assertThat(lastReply.getHasBackgroundText()).isTrue();
        assertThat(validation.getKind()).isEqualTo(WebhookKind.SLOT_VALIDATION);
        assertThat(validation.getEventName()).isEqualTo("SLOT-MODULE:Make a claim");
        assertThat(validation.getValue()).isEqualTo("209192092");
        assertThat(validation.getSlot().getId()).isEqualTo(3442L);
        SlotState underReview = SlotFiller.inProgress(validation.getFilling());
        assertThat(underReview.getWaitingResponse()).isTrue();
        assertThat(underReview.getIsDone()).isFalse();
        // As in TalkLift's payload: the answer is the webhook's value; the slot's data stays empty until accepted.
        assertThat(underReview.getData()).isNull();
        // Meanwhile the user is told the answer is being checked; it is not taken again.
        assertThat(answer("s1", "123")).containsExactly("Thank you. One moment while we check that.");
        assertThat(engine.webhooks.isEmpty()).isTrue();

        // Refused: asked again with the customer's message, pushed to the user's channel.
        feedback("s1", validation, false, null, "That number is not on our books.");
        BotReply refused = engine.replies.readValue();
        assertThat(refused.getReplyTo()).isNull();
        assertThat(refused.getMessages()).extracting(BotMessage::getContent)
                .containsExactly("That number is not on our books.", "Membership Number");
        assertThat(events()).anySatisfy(event -> assertThat(event.getPayload()).isInstanceOf(SlotRejected.class));

        WebhookRequest second = answerForWebhook("s1", "209192093");
        feedback("s1", second, true, "M-209192093", null);
        BotReply done = engine.replies.readValue();
        assertThat(done.getMessages()).extracting(BotMessage::getContent).containsExactly("Thank you, Acme has your claim.");
        assertThat(done.getEnded()).isTrue();

        WebhookRequest completion = engine.webhooks.readValue();
        assertThat(completion.getKind()).isEqualTo(WebhookKind.MODULE_COMPLETED);
        assertThat(completion.getEventName()).isEqualTo("Make a claim");
        assertThat(completion.getFilling().getCompleted()).isTrue();
        assertThat(completion.getFilling().getSlotStates()).allSatisfy(state -> {
            assertThat(state.getIsDone()).isTrue();
            assertThat(state.getWaitingResponse()).isFalse();
        });
        assertThat(SlotFiller.inProgress(completion.getFilling()).getData()).isEqualTo("M-209192093");
        assertThat(engine.webhooks.isEmpty()).isTrue();
        assertThat(events()).filteredOn(event -> event.getPayload() instanceof ModuleCompleted).hasSize(1);
    }

    @Test
    void feedbackForASlotThatIsNotWaitingIsRefusedWithItsReason() {
        WebhookRequest validation = reachMembershipNumber("s1", "209192092");
        feedback("s1", validation, true, null, null);
        engine.replies.readValue();
        events();

        feedback("s1", validation, true, null, null);

        BotReply refused = engine.replies.readValue();
        assertThat(refused.getStatus()).isEqualTo(ReplyStatus.INVALID_REQUEST);
        assertThat(refused.getError()).contains("is not waiting for validation");
        assertThat(events()).singleElement().satisfies(event -> assertThat(event.getPayload()).isInstanceOf(CommandRejected.class));
    }

    @Test
    void aWebhookThatFailsForGoodIsToldToTheUserAndTheSlotIsAskedAgain() {
        WebhookRequest validation = reachMembershipNumber("s1", "209192092");

        engine.send(bot, "s1", new WebhookFailed(validation.getIdempotencyKey(), WebhookKind.SLOT_VALIDATION, "answered 500"),
                Channel.WEB, T0.plusSeconds(++minute * 60L));

        BotReply told = engine.replies.readValue();
        lastReply = told;
        assertThat(told.getMessages()).extracting(BotMessage::getContent)
                .containsExactly("We cannot check that right now.", "Membership Number");
        assertThat(events()).anySatisfy(event -> assertThat(event.getPayload()).isInstanceOf(WebhookDeliveryFailed.class));
        assertThat(engine.slots.get("s1").getPendingValidation()).isNull();
        // The slot can be answered again, and goes to the webhook again.
        assertThat(answerForWebhook("s1", "209192092").getIdempotencyKey()).isNotEqualTo(validation.getIdempotencyKey());
    }

    @Test
    void anExpiredSessionLeavesTheSlotStatesTopic() {
        openModule("s1");
        long storyState = engine.slots.get("s1").getId();
        engine.slotStates.readRecordsToList();

        Instant later = T0.plusSeconds(bot.getSessionTimeoutSeconds() + 1);
        engine.send(bot, "s1", new ExpireSession(engine.sessions.get("s1").getLastActivityAt()), Channel.WEB, later);

        TestRecord<String, SlotFilling> tombstone = lastSlotState();
        assertThat(tombstone.key()).isEqualTo(Long.toString(storyState));
        assertThat(tombstone.value()).isNull();
        assertThat(engine.slots.get("s1")).isNull();
    }

    @Test
    void storyStateIdsAreDerivedFromTheLogSoAReplayGivesTheSameIds() {
        openModule("s1");
        long first = engine.slots.get("s1").getId();
        engine.close();

        engine = new EngineHarness(T0);
        engine.publish(bot);
        openModule("s1");
        assertThat(engine.slots.get("s1").getId()).isEqualTo(first).isPositive().isLessThan(1L << 53);
    }

    @Test
    void aClientSendingAnAnswerAgainGetsTheSameAnswerAndTheNextSlotIsNotFilledWithIt() {
        openModule("s1");
        String nameTracking = lastReply.getTracking();
        assertThat(answer("s1", "Jane")).containsExactly("Email Address");

        engine.send(bot, "s1", say("Jane", nameTracking), Channel.WEB, T0.plusSeconds(++minute * 60L));

        assertThat(engine.replies.readValue().getMessages()).extracting(BotMessage::getContent).containsExactly("Email Address");
        assertThat(engine.slots.get("s1").getSlotStates()).hasSize(2);
        assertThat(SlotFiller.inProgress(engine.slots.get("s1")).getData()).isNull();
    }

    @Test
    void aClientPollingWithItsLastTurnGetsTheVerdictOnceItIsIn() {
        WebhookRequest validation = reachMembershipNumber("s1", "209192092");
        String tracking = lastReply.getTracking();
        engine.send(bot, "s1", say("209192092", tracking), Channel.WEB, T0.plusSeconds(++minute * 60L));
        assertThat(engine.replies.readValue().getHasBackgroundText()).isTrue();

        feedback("s1", validation, true, null, null);
        BotReply verdict = engine.replies.readValue();
        engine.send(bot, "s1", say("209192092", tracking), Channel.WEB, T0.plusSeconds(++minute * 60L));

        BotReply polled = engine.replies.readValue();
        assertThat(polled.getMessages()).isEqualTo(verdict.getMessages());
        assertThat(polled.getBackgroundContent()).isEqualTo("ok");
        assertThat(engine.webhooks.readValuesToList()).singleElement()
                .satisfies(completion -> assertThat(completion.getKind()).isEqualTo(WebhookKind.MODULE_COMPLETED));
    }

    @Test
    void aBotRepublishedWithoutTheModuleInProgressStartsTheNewModuleAndRefusesFeedbackForTheOldOne() {
        WebhookRequest validation = reachMembershipNumber("s1", "209192092");
        engine.publish(BotDefinition.newBuilder(bot).setModules(List.of(io.parley.avro.Module.newBuilder(bot.getModules().get(0))
                .setId(1221).build())).setBlocks(bot.getBlocks().stream().map(block -> block.getModule() == null ? block
                        : io.parley.avro.Block.newBuilder(block).setModule(1221L).build()).toList()).build());

        feedback("s1", validation, true, null, null);
        BotReply refused = engine.replies.readValue();
        assertThat(refused.getStatus()).isEqualTo(ReplyStatus.INVALID_REQUEST);
        assertThat(refused.getError()).contains("republished");

        assertThat(answer("s1", "Jane")).containsExactly("Let us make your claim.", "Your full name?");
        assertThat(engine.slots.get("s1").getModuleId()).isEqualTo(1221L);
    }

    @Test
    void numbersAreReadAsTheBotsLanguageWritesThem() {
        io.parley.avro.Slot number = io.parley.avro.Slot.newBuilder().setId(1).setOrder(1).setLabel("How many?")
                .setFieldType(io.parley.avro.SlotFieldType.NUMBER).build();
        BotDefinition french = BotDefinition.newBuilder(bot).setLanguage(new io.parley.avro.Language("French", "FR", "fr-FR")).build();
        assertThat(SlotAnswers.check(number, "1,000.5", bot, T0).value()).isEqualTo("1000.5");
        assertThat(SlotAnswers.check(number, "12 500", bot, T0).value()).isEqualTo("12500");
        assertThat(SlotAnswers.check(number, "1.000,5", french, T0).value()).isEqualTo("1000.5");
        assertThat(SlotAnswers.check(number, "2,5", french, T0).value()).isEqualTo("2.5");
        assertThat(SlotAnswers.check(number, "two", bot, T0).accepted()).isFalse();
    }

    private BotReply lastReply;
    private int minute;

    private void openModule(String session) {
        engine.send(bot, session, start(), Channel.WEB, T0);
        engine.replies.readValue();
        engine.send(bot, session, say("I want to make a claim", "welcome"), Channel.WEB, T0);
        BotReply opened = engine.replies.readValue();
        assertThat(opened.getTracking()).startsWith("claim#");
        lastReply = opened;
        assertThat(opened.getMessages()).extracting(BotMessage::getContent)
                .containsExactly("Let us make your claim.", "Your full name?");
    }

    /** The user's answer, with the tracking of the latest answer as a TALKR client sends it. */
    private List<String> answer(String session, String text) {
        engine.send(bot, session, say(text, lastReply.getTracking()), Channel.WEB, T0.plusSeconds(++minute * 60L));
        lastReply = engine.replies.readValue();
        return lastReply.getMessages().stream().map(BotMessage::getContent).toList();
    }

    private WebhookRequest reachMembershipNumber(String session, String membership) {
        openModule(session);
        for (String text : List.of("Jane", "jane@example.com", "Home", "+27 82 555 1234", "2026-03-06")) {
            answer(session, text);
        }
        return answerForWebhook(session, membership);
    }

    private WebhookRequest answerForWebhook(String session, String membership) {
        assertThat(answer(session, membership)).containsExactly("Thank you. One moment while we check that.");
        return engine.webhooks.readValue();
    }

    private void feedback(String session, WebhookRequest request, boolean done, String data, String message) {
        SlotState state = SlotFiller.inProgress(request.getFilling());
        engine.send(bot, session, new SlotFeedback(request.getFilling().getId(), state.getId(), done, data, message),
                Channel.WEB, T0.plusSeconds(++minute * 60L));
    }

    private List<ConversationEvent> events() {
        return engine.events.readValuesToList();
    }

    private TestRecord<String, SlotFilling> lastSlotState() {
        List<TestRecord<String, SlotFilling>> records = engine.slotStates.readRecordsToList();
        return records.get(records.size() - 1);
    }
}
