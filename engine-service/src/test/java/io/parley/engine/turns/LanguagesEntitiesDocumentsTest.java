package io.parley.engine.turns;

import static io.parley.engine.testing.EngineHarness.start;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.parley.avro.BotDefinition;
import io.parley.avro.BotMessage;
import io.parley.avro.BotReply;
import io.parley.avro.Channel;
import io.parley.avro.ConversationEvent;
import io.parley.avro.DocumentKind;
import io.parley.avro.DocumentMessage;
import io.parley.avro.DocumentRead;
import io.parley.avro.DocumentRequest;
import io.parley.avro.DocumentTextReady;
import io.parley.avro.EntitiesExtracted;
import io.parley.avro.Entity;
import io.parley.avro.SessionResumed;
import io.parley.avro.SlotFilled;
import io.parley.avro.StartConversation;
import io.parley.avro.UserMessage;
import io.parley.engine.testing.EngineHarness;
import io.parley.engine.testing.TestBots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bot speaks the session's language (its messages and its own classifier), every answer carries the
 * intent ranking and the entities of the turn, slots take entities from a free sentence, and a
 * document's text, read outside the topology, is answered like a typed message.
 */
class LanguagesEntitiesDocumentsTest {

    /** Saturday 21 November 2026, 12:00 in Johannesburg. */
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    private final BotDefinition bot = TestBots.clinic();
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
    void aSessionSpeaksAndUnderstandsItsLanguage() {
        BotReply welcome = send("s1", StartConversation.newBuilder().setLanguageCode("af-ZA").build(), 0);
        assertThat(texts(welcome)).containsExactly("Hallo! Vra oor openingstye of maak 'n afspraak.");
        assertThat(welcome.getLanguage().getCode()).isEqualTo("af-ZA");

        BotReply hours = send("s1", UserMessage.newBuilder().setText("wanneer is julle oop").build(), 1);
        assertThat(texts(hours)).containsExactly("Ons is weeksdae oop van 07:30 tot 16:00.",
                "Hallo! Vra oor openingstye of maak 'n afspraak.");
        assertThat(hours.getIntent().getIntent()).isEqualTo("opening_hours");
        assertThat(hours.getIntent().getConfidence()).isGreaterThan(bot.getIntentThreshold());
        assertThat(hours.getIntentRanking()).extracting(score -> score.getIntent()).containsExactly("opening_hours", "book");

        // The user switches to English: the default language's messages and classifier.
        BotReply english = send("s1", UserMessage.newBuilder().setText("when are you open").setLanguageCode("en-ZA").build(), 2);
        assertThat(texts(english)).first().isEqualTo("We are open on weekdays from 07:30 to 16:00.");
        assertThat(english.getLanguage().getCode()).isEqualTo("en-ZA");
        assertThat(english.getIntent().getIntent()).isEqualTo("opening_hours");
    }

    @Test
    void belowTheThresholdTheReplyNamesTheFallbackIntentWithTheBestConfidence() {
        engine.publish(BotDefinition.newBuilder(bot).setIntentThreshold(1.0).build());
        send("s1", start(), 0);
        BotReply reply = send("s1", UserMessage.newBuilder().setText("when are you open").build(), 1);
        assertThat(reply.getIntentRanking()).hasSize(2);
        assertThat(reply.getIntent().getIntent()).isEqualTo(TurnInterpreter.BELOW_THRESHOLD);
        assertThat(reply.getIntent().getConfidence()).isEqualTo(reply.getIntentRanking().get(0).getConfidence());
        assertThat(texts(reply)).containsExactly("Sorry?");
    }

    @Test
    void entitiesOfEveryTurnAreOnTheReplyAndInTheAuditLog() {
        send("s1", start(), 0);
        engine.events.readValuesToList();
        BotReply reply = send("s1", UserMessage.newBuilder()
                .setText("Can I see the dentist tomorrow at 3pm? Mail me at ann@example.com").build(), 1);

        assertThat(reply.getEntities()).extracting(Entity::getEntity, Entity::getValue).contains(
                org.assertj.core.groups.Tuple.tuple("department", "dental"),
                org.assertj.core.groups.Tuple.tuple("datetime", "2026-11-22T15:00:00+02:00"),
                org.assertj.core.groups.Tuple.tuple("email", "ann@example.com"));
        Entity dentist = reply.getEntities().stream().filter(e -> e.getEntity().equals("department")).findFirst().orElseThrow();
        assertThat("Can I see the dentist tomorrow at 3pm? Mail me at ann@example.com"
                .substring(dentist.getStart(), dentist.getEnd())).isEqualTo("dentist");
        List<Object> payloads = engine.events.readValuesToList().stream().map(ConversationEvent::getPayload).toList();
        assertThat(payloads).filteredOn(EntitiesExtracted.class::isInstance).singleElement()
                .extracting(payload -> ((EntitiesExtracted) payload).getEntities())
                .isEqualTo(reply.getEntities());
    }

    @Test
    void slotsAreFilledFromEntitiesInAFreeSentence() {
        send("s1", start(), 0);
        assertThat(texts(send("s1", UserMessage.newBuilder().setText("I want to book an appointment").build(), 1)))
                .containsExactly("Let us book.", "Which department?");
        assertThat(texts(send("s1", UserMessage.newBuilder().setText("I need something from the chemist").build(), 2)))
                .containsExactly("Which day?");
        assertThat(texts(send("s1", UserMessage.newBuilder().setText("tomorrow morning would be great").build(), 3)))
                .containsExactly("Your phone number?");
        assertThat(texts(send("s1", UserMessage.newBuilder().setText("you can call me on 082 555 1234 thanks").build(), 4)))
                .first().isEqualTo("You are booked.");

        assertThat(engine.events.readValuesToList().stream().map(ConversationEvent::getPayload)
                .filter(SlotFilled.class::isInstance).map(filled -> ((SlotFilled) filled).getValue()))
                .containsExactly("pharmacy", "2026-11-22", "+27825551234");
    }

    @Test
    void aFormTakesWhatTheTurnThatStartedItAlreadySaidAndAsksOnlyWhatIsMissing() {
        send("s1", start(), 0);
        assertThat(texts(send("s1", UserMessage.newBuilder()
                .setText("I need to see the dentist tomorrow at 3pm").build(), 1)))
                .containsExactly("Let us book.", "Your phone number?");
        assertThat(engine.events.readValuesToList().stream().map(ConversationEvent::getPayload)
                .filter(SlotFilled.class::isInstance).map(filled -> ((SlotFilled) filled).getValue()))
                .containsExactly("dental", "2026-11-22");
    }

    @Test
    void slotQuestionsAndValidationMessagesAreRenderedWithTheSessionsVariables() {
        BotDefinition templated = BotDefinition.newBuilder(bot)
                .setVariables(Map.of("clinic", "Soweto clinic"))
                .setModules(bot.getModules().stream().map(module -> io.parley.avro.Module.newBuilder(module)
                        .setSlots(module.getSlots().stream().map(slot -> io.parley.avro.Slot.newBuilder(slot)
                                .setLabel(slot.getLabel() + " ({{clinic}})")
                                .setValidationMessage(slot.getId() == 12 ? "A day from today on, please ({{clinic}})." : null)
                                .build()).toList())
                        .build()).toList())
                .build();
        engine.publish(templated);
        send("s1", start(), 0);
        assertThat(texts(send("s1", UserMessage.newBuilder().setText("I want to book an appointment").build(), 1)))
                .containsExactly("Let us book.", "Which department? (Soweto clinic)");
        assertThat(texts(send("s1", UserMessage.newBuilder().setText("dental").build(), 2))).containsExactly("Which day? (Soweto clinic)");
        assertThat(texts(send("s1", UserMessage.newBuilder().setText("1 January 2020").build(), 3)))
                .containsExactly("A day from today on, please (Soweto clinic).");
    }

    @Test
    void aDocumentIsReadOutsideTheTopologyAndItsTextAnsweredOnTheUsersChannel() {
        send("s1", StartConversation.newBuilder().setLanguageCode("af-ZA").build(), 0);
        BotReply interim = send("s1", DocumentMessage.newBuilder().setKind(DocumentKind.PDF)
                .setUrl("https://example.com/question.pdf").build(), 1);
        assertThat(interim.getHasBackgroundText()).isTrue();
        assertThat(texts(interim)).containsExactly("Ek lees jou dokument.");
        DocumentRequest request = engine.documents.readValue();
        assertThat(request.getRequestId()).isEqualTo(interim.getCommandId());
        assertThat(request.getUrl()).isEqualTo("https://example.com/question.pdf");
        assertThat(request.getKind()).isEqualTo(DocumentKind.PDF);
        assertThat(request.getLanguageCode()).isEqualTo("af-ZA");

        // A text the session does not wait for is dropped.
        engine.send(bot, "s1", new DocumentTextReady("another", "wanneer is julle oop", null, null), Channel.API, T0.plusSeconds(2));
        assertThat(engine.replies.isEmpty()).isTrue();

        engine.send(bot, "s1", new DocumentTextReady(request.getRequestId(), "wanneer is julle oop", null, null), Channel.API,
                T0.plusSeconds(3));
        BotReply answer = engine.replies.readValue();
        assertThat(answer.getReplyTo()).isNull();
        assertThat(texts(answer)).first().isEqualTo("Ons is weeksdae oop van 07:30 tot 16:00.");
        assertThat(answer.getIntent().getIntent()).isEqualTo("opening_hours");
        assertThat(engine.events.readValuesToList().stream().map(ConversationEvent::getPayload)
                .filter(DocumentRead.class::isInstance).map(read -> ((DocumentRead) read).getCharacters()))
                .containsExactly("wanneer is julle oop".length());
    }

    @Test
    void aDocumentThatCannotBeReadIsAnsweredWithTheReason() {
        send("s1", start(), 0);
        BotReply interim = send("s1", DocumentMessage.newBuilder().setKind(DocumentKind.IMAGE)
                .setUrl("http://10.0.0.1/secret.png").build(), 1);
        assertThat(texts(interim)).containsExactly("One moment while I read your document.");
        engine.send(bot, "s1", new DocumentTextReady(interim.getCommandId(), "",
                "the address 10.0.0.1 is private", null), Channel.API, T0.plusSeconds(2));
        BotReply answer = engine.replies.readValue();
        assertThat(texts(answer)).containsExactly("Sorry, I could not read that document (the address 10.0.0.1 is private).");
        assertThat(engine.sessions.get("s1").getPendingRequest()).isNull();
    }

    @Test
    void aStartForAnOpenSessionResumesItWhereItIs() {
        send("s1", start(), 0);
        send("s1", UserMessage.newBuilder().setText("I want to book an appointment").build(), 1);
        engine.events.readValuesToList();

        BotReply resumed = send("s1", StartConversation.newBuilder().setResumeIfOpen(true).setLanguageCode("af-ZA").build(), 2);

        assertThat(resumed.getMessages()).isEmpty();
        assertThat(resumed.getLanguage().getCode()).isEqualTo("af-ZA");
        assertThat(engine.sessions.get("s1").getBlockId()).isEqualTo("booking");
        assertThat(engine.events.readValuesToList()).extracting(ConversationEvent::getPayload)
                .singleElement().isInstanceOf(SessionResumed.class);
        // Past its timeout the session starts afresh instead.
        BotReply fresh = send("s1", StartConversation.newBuilder().setResumeIfOpen(true).build(),
                bot.getSessionTimeoutSeconds() + 10);
        assertThat(texts(fresh)).containsExactly("Hello! Ask about opening hours or book an appointment.");
    }

    private BotReply send(String session, Object payload, long seconds) {
        engine.send(bot, session, payload, Channel.API, T0.plus(Duration.ofSeconds(seconds)));
        List<BotReply> replies = engine.replies.readValuesToList();
        assertThat(replies).hasSize(1);
        return replies.get(0);
    }

    private static List<String> texts(BotReply reply) {
        return reply.getMessages().stream().map(BotMessage::getContent).toList();
    }
}
