package io.parley.engine.turns;

import static io.parley.engine.turns.DecisionFixture.given;
import static io.parley.engine.testing.EngineHarness.say;
import static io.parley.engine.testing.EngineHarness.start;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.parley.avro.AiAnswerReady;
import io.parley.avro.BotSaid;
import io.parley.avro.Channel;
import io.parley.avro.CommandRejected;
import io.parley.avro.DocumentKind;
import io.parley.avro.DocumentMessage;
import io.parley.avro.DocumentRead;
import io.parley.avro.DocumentRequested;
import io.parley.avro.DocumentTextReady;
import io.parley.avro.EntitiesExtracted;
import io.parley.avro.ExpireSession;
import io.parley.avro.ModuleCompleted;
import io.parley.avro.ModuleStarted;
import io.parley.avro.ReplyStatus;
import io.parley.avro.SendMessage;
import io.parley.avro.SessionExpired;
import io.parley.avro.SessionResumed;
import io.parley.avro.SessionStarted;
import io.parley.avro.SlotFeedback;
import io.parley.avro.SlotFilled;
import io.parley.avro.SlotFilling;
import io.parley.avro.SlotState;
import io.parley.avro.SlotValidationRequested;
import io.parley.avro.StartConversation;
import io.parley.avro.TurnRepeated;
import io.parley.avro.UserMessage;
import io.parley.avro.UserSaid;
import io.parley.avro.WebhookDeliveryFailed;
import io.parley.avro.WebhookFailed;
import io.parley.avro.WebhookKind;
import io.parley.avro.WebhookRequest;
import io.parley.engine.slots.SlotFiller;
import io.parley.engine.testing.TestBots;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every kind of command through the decision core alone: given a bot and a session, when a command,
 * expect events, a reply and the state after. The topology's own tests cover the wiring, the stores
 * and the expiry scan; these cover what a turn decides, in milliseconds.
 */
class DecisionsTest {

    private static final Instant T0 = Instant.parse("2026-03-06T08:00:00Z");

    @Nested
    class StartConversationCommand {

        @Test
        void opensTheSessionAtTheStartBlockAndSaysItsMessage() {
            given(TestBots.demo()).at(T0)
                    .when(start())
                    .expectEvents(SessionStarted.class, BotSaid.class)
                    .expectSaid("Hello! Pricing or support?")
                    .expectReply(reply -> {
                        assertThat(reply.getStatus()).isEqualTo(ReplyStatus.OK);
                        assertThat(reply.getTracking()).isEqualTo("welcome");
                        assertThat(reply.getReplyTo()).isEqualTo(DecisionFixture.CALLER);
                        assertThat(reply.getVariables()).containsEntry("bot_answer", "Hello! Pricing or support?");
                    })
                    .expectSession(session -> {
                        assertThat(session.getBlockId()).isEqualTo("welcome");
                        assertThat(session.getRetriesLeft()).isEqualTo(2);
                        assertThat(session.getStartedAt()).isEqualTo(T0);
                        assertThat(session.getRecentCommands()).containsExactly("cmd-1");
                    })
                    .expectNoBackgroundWork();
        }

        @Test
        void aStartForAnOpenSessionThatAsksToResumeGoesOnWhereItIs() {
            given(TestBots.demo()).at(T0)
                    .after(start(), say("price", "welcome"))
                    .when(StartConversation.newBuilder().setResumeIfOpen(true).build())
                    .expectEvents(SessionResumed.class)
                    .expectSaid()
                    .expectReply(reply -> assertThat(reply.getTracking()).isEqualTo("more"))
                    .expectSession(session -> assertThat(session.getBlockId()).isEqualTo("more"));
        }

        @Test
        void forABotTheCompanyDoesNotHaveIsRejected() {
            given(TestBots.demo()).andNoBotPublished()
                    .when(start())
                    .expectEvents(CommandRejected.class)
                    .expectRejected(ReplyStatus.BOT_NOT_FOUND)
                    .expectSessionUntouched();
        }
    }

    @Nested
    class UserMessageCommand {

        @Test
        void aMatchingTransitionMovesOnThroughBlocksThatDoNotWait() {
            given(TestBots.demo()).at(T0)
                    .after(start())
                    .when(say("what is the price?", "welcome"))
                    .expectEvents(UserSaid.class, BotSaid.class)
                    .expectSaid("It is free.", "Anything else?")
                    .expectReply(reply -> assertThat(reply.getTracking()).isEqualTo("more"))
                    .expectSession(session -> {
                        assertThat(session.getBlockId()).isEqualTo("more");
                        assertThat(session.getTurns()).isEqualTo(1);
                        assertThat(session.getLastTurn().getText()).isEqualTo("what is the price?");
                    });
        }

        @Test
        void noMatchAsksAgainWhileRetriesLastThenFallsBack() {
            DecisionFixture conversation = given(TestBots.demo()).at(T0).after(start());
            conversation.when(say("hmm", "welcome"))
                    .expectSaid("Please say pricing or support.")
                    .expectSession(session -> assertThat(session.getRetriesLeft()).isEqualTo(1));
            conversation.after(say("hmm?", "welcome"))
                    .when(say("hmm!", "welcome"))
                    .expectEvents(UserSaid.class, BotSaid.class)
                    .expectSaid("Let us start again.", "Hello! Pricing or support?")
                    .expectSession(session -> assertThat(session.getRetriesLeft()).isEqualTo(2));
        }

        @Test
        void anEndBlockEndsTheConversationAndALaterMessageIsRefused() {
            DecisionFixture conversation = given(TestBots.demo()).at(T0).after(start());
            conversation.when(say("I need support", "welcome"))
                    .expectSaid("Call us.")
                    .expectReply(reply -> assertThat(reply.getEnded()).isTrue())
                    .expectSession(session -> assertThat(session.getEnded()).isTrue());
            conversation.when(say("hello?", "support"))
                    .expectEvents(CommandRejected.class)
                    .expectRejected(ReplyStatus.SESSION_NOT_FOUND)
                    .expectSessionUntouched();
        }

        @Test
        void withoutASessionIsRefusedUnlessTheChannelStartsOnAMessage() {
            given(TestBots.demo()).at(T0)
                    .when(say("price", null))
                    .expectEvents(CommandRejected.class)
                    .expectRejected(ReplyStatus.SESSION_NOT_FOUND);

            given(TestBots.demo()).at(T0).andChannel(Channel.MESSENGER)
                    .when(UserMessage.newBuilder().setText("price").setStartIfMissing(true).build())
                    .expectEvents(SessionStarted.class, BotSaid.class, UserSaid.class, BotSaid.class)
                    .expectSaid("Hello! Pricing or support?", "It is free.", "Anything else?")
                    .expectSession(session -> assertThat(session.getBlockId()).isEqualTo("more"));
        }

        @Test
        void throughAnotherDoorThanTheSessionsIsAsIfTheSessionDidNotExist() {
            given(TestBots.demo()).at(T0)
                    .after(start())
                    .andChannel(Channel.MESSENGER)
                    .when(say("price", "welcome"))
                    .expectEvents(CommandRejected.class)
                    .expectRejected(ReplyStatus.SESSION_NOT_FOUND)
                    .expectSessionUntouched();
        }

        @Test
        void afterTheBotsTimeoutTheSessionIsClosedAndTheCallerToldToStartAgain() {
            given(TestBots.demo()).at(T0)
                    .after(start())
                    .at(T0.plusSeconds(900))
                    .when(say("price", "welcome"))
                    .expectEvents(SessionExpired.class)
                    .expectRejected(ReplyStatus.SESSION_NOT_FOUND)
                    .expectSessionRemoved();
        }
    }

    @Nested
    class SendMessageCommand {

        @Test
        void isSaidAndPushedWithoutMovingTheSession() {
            given(TestBots.demo()).at(T0)
                    .after(start())
                    .when(SendMessage.newBuilder().setText("Your order has shipped.").build())
                    .expectEvents(BotSaid.class)
                    .expectSaid("Your order has shipped.")
                    .expectReply(reply -> {
                        assertThat(reply.getReplyTo()).as("pushed, nobody waits").isNull();
                        assertThat(reply.getTracking()).isEqualTo("welcome");
                    })
                    .expectSession(session -> assertThat(session.getBlockId()).isEqualTo("welcome"));
        }
    }

    @Nested
    class AiAnswerReadyCommand {

        @Test
        void theAnswerTheSessionWaitsForIsPushedAndTheTreeGoesOn() {
            DecisionFixture conversation = given(TestBots.ai()).at(T0).after(start());
            conversation.when(say("what do you sell?", "welcome"))
                    .expectSaid("Please wait...")
                    .expectReply(reply -> {
                        assertThat(reply.getHasBackgroundText()).isTrue();
                        assertThat(reply.getBackgroundContent()).isEqualTo("pending");
                    })
                    .expectAi(request -> {
                        assertThat(request.getRequestId()).isEqualTo("cmd-2");
                        assertThat(request.getMessages()).extracting(message -> message.getContent())
                                .containsExactly("You answer questions about Acme.", "Question from a customer: what do you sell?");
                    })
                    .expectSession(session -> assertThat(session.getPendingRequest()).isEqualTo("cmd-2"));

            conversation.when(new AiAnswerReady("cmd-2", "We sell anvils.", "gpt-4o", null))
                    .expectEvents(BotSaid.class)
                    .expectSaid("We sell anvils.", "Anything else?")
                    .expectReply(reply -> {
                        assertThat(reply.getReplyTo()).isNull();
                        assertThat(reply.getBackgroundContent()).isEqualTo("ok");
                        assertThat(reply.getVariables()).containsEntry("model", "gpt-4o");
                    })
                    .expectSession(session -> {
                        assertThat(session.getPendingRequest()).isNull();
                        assertThat(session.getBlockId()).isEqualTo("more");
                        assertThat(session.getLastTurn().getReply().getBackgroundContent()).isEqualTo("ok");
                    });
        }

        @Test
        void anAnswerTheSessionNoLongerWaitsForIsDropped() {
            given(TestBots.ai()).at(T0)
                    .after(start(), say("what do you sell?", "welcome"))
                    .when(new AiAnswerReady("cmd-1", "Too late.", null, null))
                    .expectNoEvents()
                    .expectNoReply()
                    .expectSessionUntouched();

            given(TestBots.ai()).at(T0)
                    .when(new AiAnswerReady("cmd-0", "Nobody asked.", null, null))
                    .expectNoEvents()
                    .expectNoReply();
        }
    }

    @Nested
    class DocumentCommands {

        @Test
        void aDocumentIsSentToBeReadAndTheUserToldToWait() {
            given(TestBots.demo()).at(T0)
                    .after(start())
                    .when(new DocumentMessage(DocumentKind.PDF, "https://files.example/quote.pdf", null))
                    .expectEvents(DocumentRequested.class, BotSaid.class)
                    .expectSaid("One moment while I read your document.")
                    .expectReply(reply -> assertThat(reply.getBackgroundContent()).isEqualTo("pending"))
                    .expectDocument(request -> {
                        assertThat(request.getRequestId()).isEqualTo("cmd-2");
                        assertThat(request.getUrl()).isEqualTo("https://files.example/quote.pdf");
                        assertThat(request.getLanguageCode()).isEqualTo("en-US");
                    })
                    .expectSession(session -> assertThat(session.getPendingRequest()).isEqualTo("cmd-2"));
        }

        @Test
        void theDocumentsTextIsTakenAsTheUsersTurnAndPushed() {
            given(TestBots.demo()).at(T0)
                    .after(start(), new DocumentMessage(DocumentKind.PDF, "https://files.example/quote.pdf", null))
                    .when(new DocumentTextReady("cmd-2", "what is the price?", null, null))
                    .expectEvents(DocumentRead.class, UserSaid.class, BotSaid.class)
                    .expectSaid("It is free.", "Anything else?")
                    .expectReply(reply -> {
                        assertThat(reply.getReplyTo()).isNull();
                        assertThat(reply.getBackgroundContent()).isEqualTo("ok");
                    })
                    .expectSession(session -> assertThat(session.getPendingRequest()).isNull());
        }

        @Test
        void aDocumentThatCouldNotBeReadIsAnsweredWithTheReason() {
            given(TestBots.demo()).at(T0)
                    .after(start(), new DocumentMessage(DocumentKind.IMAGE, "https://files.example/blurred.png", null))
                    .when(new DocumentTextReady("cmd-2", "", "the image is unreadable", null))
                    .expectEvent(DocumentRead.class, read -> assertThat(read.getFailure()).isEqualTo("the image is unreadable"))
                    .expectSaid("Sorry, I could not read that document (the image is unreadable).")
                    .expectSession(session -> assertThat(session.getBlockId()).isEqualTo("welcome"));
        }
    }

    @Nested
    class SlotCommands {

        private DecisionFixture atMembershipNumber() {
            DecisionFixture conversation = given(TestBots.claims()).at(T0)
                    .after(start(), say("I want to make a claim", "welcome"))
                    .afterAnswers("Jane", "jane@example.com", "Home", "+27 82 555 1234", "2026-03-06", "209192092");
            assertThat(conversation.lastTurn().webhook()).isNotNull();
            return conversation;
        }

        @Test
        void aModuleAsksItsSlotsInOrder() {
            given(TestBots.claims()).at(T0)
                    .after(start())
                    .when(say("I want to make a claim", "welcome"))
                    .expectEvents(UserSaid.class, ModuleStarted.class, BotSaid.class)
                    .expectSaid("Let us make your claim.", "Your full name?")
                    .expectReply(reply -> assertThat(reply.getTracking()).startsWith("claim#"))
                    .expectFilling(filling -> assertThat(filling.getModuleId()).isEqualTo(1220L));
        }

        @Test
        void aSlotTheCustomersWebhookValidatesWaitsForItsVerdict() {
            given(TestBots.claims()).at(T0)
                    .after(start(), say("I want to make a claim", "welcome"))
                    .afterAnswers("Jane", "jane@example.com", "Home", "+27 82 555 1234", "2026-03-06")
                    .when(say("209192092", null))
                    .expectEvents(UserSaid.class, EntitiesExtracted.class, SlotValidationRequested.class, BotSaid.class)
                    .expectSaid("Thank you. One moment while we check that.")
                    .expectReply(reply -> assertThat(reply.getBackgroundContent()).isEqualTo("pending"))
                    .expectWebhook(call -> {
                        assertThat(call.getKind()).isEqualTo(WebhookKind.SLOT_VALIDATION);
                        assertThat(call.getValue()).isEqualTo("209192092");
                    })
                    .expectFilling(filling -> assertThat(filling.getPendingValidation()).isNotNull());
        }

        @Test
        void theCustomersAcceptingVerdictCompletesTheModuleAndTheTreeGoesOn() {
            DecisionFixture conversation = atMembershipNumber();
            SlotFilling filling = conversation.filling();
            SlotState waiting = SlotFiller.inProgress(filling);
            conversation.when(new SlotFeedback(filling.getId(), waiting.getId(), true, "M-209192092", null))
                    .expectEvents(SlotFilled.class, ModuleCompleted.class, BotSaid.class)
                    .expectSaid("Thank you, Acme has your claim.")
                    .expectReply(reply -> {
                        assertThat(reply.getReplyTo()).isNull();
                        assertThat(reply.getBackgroundContent()).isEqualTo("ok");
                        assertThat(reply.getEnded()).isTrue();
                    })
                    .expectWebhook(call -> assertThat(call.getKind()).isEqualTo(WebhookKind.MODULE_COMPLETED))
                    .expectFilling(done -> assertThat(done.getCompleted()).isTrue());
        }

        @Test
        void theUsersAnswerSentAgainAfterTheVerdictGetsWhatTheBotSaidSinceAndIsNotTakenAgain() {
            DecisionFixture conversation = atMembershipNumber();
            SlotFilling filling = conversation.filling();
            conversation.after(new SlotFeedback(filling.getId(), SlotFiller.inProgress(filling).getId(), true, "M-1", null));
            // cmd-8, the membership number: its answer was lost, and the client sends it again with its key.
            conversation.whenRedelivered("cmd-8")
                    .expectEvents(TurnRepeated.class)
                    .expectReply(reply -> {
                        assertThat(reply.getStatus()).isEqualTo(ReplyStatus.OK);
                        assertThat(reply.getMessages().toString()).contains("Thank you, Acme has your claim.");
                    })
                    .expectSessionUntouched();
        }

        @Test
        void feedbackForAnotherModuleThanTheOneInProgressIsRefused() {
            DecisionFixture conversation = atMembershipNumber();
            SlotState waiting = SlotFiller.inProgress(conversation.filling());
            conversation.when(new SlotFeedback(conversation.filling().getId() + 1, waiting.getId(), true, null, null))
                    .expectEvents(CommandRejected.class)
                    .expectRejected(ReplyStatus.INVALID_REQUEST)
                    .expectSessionUntouched();
        }

        @Test
        void aWebhookThatFailedForGoodIsToldAndTheSlotAskedAgain() {
            DecisionFixture conversation = atMembershipNumber();
            WebhookRequest validation = conversation.lastTurn().webhook();
            conversation.when(new WebhookFailed(validation.getIdempotencyKey(), WebhookKind.SLOT_VALIDATION, "answered 500"))
                    .expectEvent(WebhookDeliveryFailed.class, failed -> assertThat(failed).isNotNull())
                    .expectSaid("We cannot check that right now.", "Membership Number")
                    .expectReply(reply -> assertThat(reply.getReplyTo()).isNull())
                    .expectFilling(filling -> assertThat(filling.getPendingValidation()).isNull());
        }
    }

    @Nested
    class ExpireSessionCommand {

        @Test
        void closesASessionStillIdlePastItsTimeoutSilently() {
            given(TestBots.demo()).at(T0)
                    .after(start())
                    .at(T0.plusSeconds(900))
                    .when(new ExpireSession(T0))
                    .expectEvents(SessionExpired.class)
                    .expectNoReply()
                    .expectSessionRemoved();
        }

        @Test
        void aProposalMadeVoidByALaterTurnChangesNothing() {
            given(TestBots.demo()).at(T0)
                    .after(start())
                    .at(T0.plusSeconds(600))
                    .after(say("price", "welcome"))
                    .at(T0.plusSeconds(900))
                    .when(new ExpireSession(T0))
                    .expectNoEvents()
                    .expectNoReply()
                    .expectSessionUntouched();
        }
    }

    @Nested
    class Redelivery {

        @Test
        void aKnownCommandIsNeverAppliedTwiceAndItsCallerGetsTheFirstAnswer() {
            DecisionFixture conversation = given(TestBots.demo()).at(T0).after(start(), say("price", "welcome"));
            String first = conversation.lastTurn().reply().getMessages().toString();
            conversation.at(T0.plusSeconds(5))
                    .whenRedelivered()
                    .expectEvent(TurnRepeated.class, repeated -> assertThat(repeated.getTracking()).isEqualTo("welcome"))
                    .expectReply(reply -> {
                        assertThat(reply.getCommandId()).isEqualTo("cmd-2");
                        assertThat(reply.getMessages().toString()).isEqualTo(first);
                        assertThat(reply.getRepliedAt()).isEqualTo(T0.plusSeconds(5));
                    })
                    .expectSessionUntouched();
        }

        @Test
        void aRedeliveryNobodyWaitsForSaysNothingAgain() {
            given(TestBots.demo()).at(T0)
                    .after(start(), say("price", "welcome"))
                    .whenRedeliveredWithoutCaller()
                    .expectEvents(TurnRepeated.class)
                    .expectNoReply()
                    .expectSessionUntouched();
        }

        @Test
        void aRedeliveredCommandThatIsNoLongerTheLatestIsRefusedToItsCaller() {
            DecisionFixture conversation = given(TestBots.demo()).at(T0).after(start());
            conversation.after(say("price", "welcome"));
            // cmd-1, the start, again: its answer was given then and is not kept.
            conversation.whenRedelivered("cmd-1")
                    .expectEvents(TurnRepeated.class)
                    .expectRejected(ReplyStatus.INVALID_REQUEST)
                    .expectSession(session -> assertThat(session.getRecentCommands()).containsExactly("cmd-1", "cmd-2"));
        }
    }

    @Test
    void aTurnReplaysToTheSameDecision() {
        List<Object> history = List.of(start(), say("hmm", "welcome"), say("price", "welcome"));
        DecisionFixture once = given(TestBots.demo()).at(T0).after(history.toArray());
        DecisionFixture again = given(TestBots.demo()).at(T0).after(history.toArray());
        assertThat(again.lastTurn()).isEqualTo(once.lastTurn());
    }
}
