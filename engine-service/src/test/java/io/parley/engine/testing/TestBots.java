package io.parley.engine.testing;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import java.nio.ByteBuffer;
import java.time.LocalTime;

import io.parley.avro.AiSettings;
import io.parley.avro.Block;
import io.parley.avro.BlockType;
import io.parley.avro.BotDefinition;
import io.parley.avro.Button;
import io.parley.avro.ButtonKind;
import io.parley.avro.EntityDefinition;
import io.parley.avro.Intent;
import io.parley.avro.LookupValue;
import io.parley.avro.Language;
import io.parley.avro.Module;
import io.parley.avro.OpeningHours;
import io.parley.avro.Recognizer;
import io.parley.avro.Slot;
import io.parley.avro.SlotFieldType;
import io.parley.avro.SpeechSettings;
import io.parley.avro.Synthesizer;
import io.parley.avro.Transition;
import io.parley.avro.TransitionTrigger;
import io.parley.avro.Translation;
import io.parley.avro.Weekday;
import io.parley.nlu.intents.IntentTrainer;

/** A small bot exercising every kind of transition the engine knows. */
public final class TestBots {

    /** The engine's tests rank on words alone; EmbeddingsTest covers sentence embeddings. */
    private static final IntentTrainer WORDS = IntentTrainer.wordsOnly();

    public static final String COMPANY = "acme";
    public static final long BOT_ID = 7;

    private TestBots() {
    }

    public static BotDefinition demo() {
        return BotDefinition.newBuilder()
                .setCompany(COMPANY)
                .setBotId(BOT_ID)
                .setName("Acme helper")
                .setLanguage(new Language("English", "EN", "en-US"))
                .setStartBlockId("welcome")
                .setFallbackBlockId("lost")
                .setVariables(Map.of("product", "Acme"))
                .setTelephony(SpeechSettings.newBuilder()
                        .setSynthesizer(new Synthesizer("google", "en-US", "en-US-Standard-C", Map.of()))
                        .setRecognizer(new Recognizer("google", "en-US", List.of("pricing"), 5000, 800))
                        .setHangupNoResponse(true)
                        .setRetries(1)
                        .build())
                .setBlocks(List.of(
                        block("welcome", BlockType.QUESTION, "Hello! Pricing or support?", null, List.of(
                                new Transition(TransitionTrigger.PAYLOAD, "PRICING", "pricing"),
                                new Transition(TransitionTrigger.KEYWORD, "price", "pricing"),
                                new Transition(TransitionTrigger.PATTERN, "help|support", "support")),
                                "Please say pricing or support.", 2),
                        block("pricing", BlockType.MESSAGE, "It is free.", "more", List.of(), null, 0),
                        block("support", BlockType.END, "Call us.", null, List.of(), null, 0),
                        block("more", BlockType.QUESTION, "Anything else?", null, List.of(
                                new Transition(TransitionTrigger.ANY, null, "support")), null, 0),
                        block("lost", BlockType.MESSAGE, "Let us start again.", "welcome", List.of(), null, 0)))
                .setPublishedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .build();
    }

    /**
     * A French bot with templates, business hours (Monday to Friday, 9:00 to 18:00, Paris), intents
     * learned from phrases, and a 60-second session timeout.
     */
    public static BotDefinition french() {
        List<Intent> intents = List.of(
                new Intent("horaires", List.of("quels sont vos horaires", "êtes-vous ouverts", "à quelle heure ouvrez-vous",
                        "vous fermez à quelle heure", "horaires d'ouverture", "c'est ouvert aujourd'hui")),
                new Intent("contact", List.of("comment vous contacter", "votre numéro de téléphone", "je veux parler à quelqu'un",
                        "appeler le service client", "joindre un conseiller", "votre adresse email")));
        return BotDefinition.newBuilder()
                .setCompany("talkr")
                .setBotId(42)
                .setName("Assistant")
                .setLanguage(new Language("French", "FR", "fr-FR"))
                .setTimeZone("Europe/Paris")
                .setSessionTimeoutSeconds(60)
                .setBusinessHours(List.of(
                        hours(Weekday.MONDAY), hours(Weekday.TUESDAY), hours(Weekday.WEDNESDAY),
                        hours(Weekday.THURSDAY), hours(Weekday.FRIDAY)))
                .setStartBlockId("accueil")
                .setFallbackBlockId("accueil")
                .setIntents(intents)
                .setIntentThreshold(0.6)
                .setClassifier(WORDS.train("fr", intents))
                .setVariables(Map.of("societe", "Acme"))
                .setBlocks(List.of(
                        block("accueil", BlockType.QUESTION,
                                "Bonjour, ici {{societe}} ! Nous sommes {{jour}}, il est {{heure}}.", null, List.of(
                                        new Transition(TransitionTrigger.KEYWORD, "echo", "echo"),
                                        new Transition(TransitionTrigger.KEYWORD, "trou", "trou"),
                                        new Transition(TransitionTrigger.INTENT, "horaires", "horaires"),
                                        new Transition(TransitionTrigger.INTENT, "contact", "contact")),
                                "Pardon ?", 0),
                        block("horaires", BlockType.MESSAGE,
                                "{{#horairein}}Nous sommes ouverts.{{/horairein}}{{#horaireout}}Nous sommes fermés.{{/horaireout}}",
                                "accueil", List.of(), null, 0),
                        block("contact", BlockType.END, "Appelez le 01 23 45 67 89.", null, List.of(), null, 0),
                        block("echo", BlockType.MESSAGE, "Vous avez dit : {{userresponse}}", "accueil", List.of(), null, 0),
                        block("trou", BlockType.MESSAGE, "Valeur : {{inconnue}}.", "accueil", List.of(), null, 0)))
                .setPublishedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .build();
    }

    /** A bot whose "ask" block hands the user's question to an AI endpoint, then goes on to "more". */
    public static BotDefinition ai() {
        return BotDefinition.newBuilder(demo())
                .setBotId(8)
                .setAi(AiSettings.newBuilder().setModel("gpt-4o").setBaseUrl("http://127.0.0.1:1/v1")
                        .setSystemPrompt("You answer questions about Acme.").setFallbackAnswer("No answer now.").build())
                .setBlocks(List.of(
                        block("welcome", BlockType.QUESTION, "Ask me anything.", null, List.of(
                                new Transition(TransitionTrigger.ANY, null, "ask")), null, 0),
                        Block.newBuilder(block("ask", BlockType.AI, "Please wait...", "more", List.of(), null, 0))
                                .setPrompt("Question from a customer: {{userresponse}}").build(),
                        block("more", BlockType.QUESTION, "Anything else?", null, List.of(
                                new Transition(TransitionTrigger.ANY, null, "ask")), null, 0)))
                .build();
    }

    /**
     * A claims bot (South African English, Johannesburg time): "claim" runs module 1220, whose slots are
     * a name, an e-mail, a claim type (a choice), a vehicle registration asked only for car claims, a
     * phone number, an incident date that may not be in the past, and a membership number the
     * customer's webhook validates; then "thanks" ends the conversation.
     */
    public static BotDefinition claims() {
        return BotDefinition.newBuilder(demo())
                .setBotId(9)
                .setLanguage(new Language("English", "EN", "en-ZA"))
                .setTimeZone("Africa/Johannesburg")
                .setStartBlockId("welcome")
                .setBlocks(List.of(
                        block("welcome", BlockType.QUESTION, "Hello! Say claim to make a claim.", null, List.of(
                                new Transition(TransitionTrigger.KEYWORD, "claim", "claim")), null, 0),
                        Block.newBuilder(block("claim", BlockType.MODULE, "Let us make your claim.", "thanks", List.of(), null, 0))
                                .setModule(1220L).build(),
                        block("thanks", BlockType.END, "Thank you, {{product}} has your claim.", null, List.of(), null, 0)))
                .setModules(List.of(Module.newBuilder()
                        .setId(1220)
                        .setName("Make a claim")
                        .setSlots(List.of(
                                slot(5444, 1, "Your full name?", SlotFieldType.TEXT).build(),
                                slot(3440, 2, "Email Address", SlotFieldType.EMAIL).build(),
                                slot(3441, 3, "What kind of claim?", SlotFieldType.CHOICE)
                                        .setChoiceOptions(List.of("Car", "Home")).build(),
                                slot(3445, 4, "Vehicle registration?", SlotFieldType.TEXT)
                                        .setShowCondition(3441L).setShowConditionValue("car")
                                        .setValidationRegex("[A-Z]{2,3} ?\\d{3,4}( ?[A-Z]{2})?")
                                        .setValidationMessage("Please enter a registration like CA 1234.").build(),
                                slot(3446, 5, "Your phone number?", SlotFieldType.PHONE).build(),
                                slot(3447, 6, "When did it happen?", SlotFieldType.DATE).setDateGteToday(true).build(),
                                slot(3442, 7, "Membership Number", SlotFieldType.TEXT).setValidateWithWebhook(true)
                                        .setValidationMessage("Please enter a valid membership number").build()))
                        .build()))
                .setWebhookFailureMessage("We cannot check that right now.")
                .build();
    }

    /**
     * A clinic bot in English (en-ZA) and Afrikaans (af-ZA), Johannesburg time, with a "department"
     * lookup entity: "hours" answers opening hours; "booking" runs module 1, whose department slot takes
     * the department entity and whose date and phone slots take the built-in entities of their types.
     */
    public static BotDefinition clinic() {
        List<Intent> english = List.of(
                new Intent("opening_hours", List.of("what are your opening hours", "when are you open", "when do you open",
                        "what time do you close", "opening times", "are you open on saturday")),
                new Intent("book", List.of("I want to book an appointment", "can I make an appointment", "book me in",
                        "I need to see a doctor", "schedule a visit", "I need to see the dentist")));
        List<Intent> afrikaans = List.of(
                new Intent("opening_hours", List.of("wat is julle openingstye", "wanneer is julle oop", "hoe laat maak julle oop",
                        "hoe laat maak julle toe", "openingstye", "is julle saterdag oop")),
                new Intent("book", List.of("ek wil 'n afspraak maak", "kan ek 'n afspraak bespreek", "bespreek my asseblief",
                        "ek moet 'n dokter sien", "ek wil die tandarts sien", "maak 'n afspraak")));
        Transition hours = new Transition(TransitionTrigger.INTENT, "opening_hours", "hours");
        Transition book = new Transition(TransitionTrigger.INTENT, "book", "booking");
        return BotDefinition.newBuilder()
                .setCompany("clinic")
                .setBotId(5)
                .setName("Clinic assistant")
                .setLanguage(new Language("English", "EN", "en-ZA"))
                .setTimeZone("Africa/Johannesburg")
                .setStartBlockId("welcome")
                .setFallbackBlockId("welcome")
                .setIntents(english)
                .setIntentThreshold(0.4)
                .setClassifier(WORDS.train("en", english))
                .setEntities(List.of(new EntityDefinition("department", List.of(
                        new LookupValue("pharmacy", List.of("chemist", "apteek")),
                        new LookupValue("dental", List.of("dentist", "tandarts"))), List.of())))
                .setTranslations(List.of(Translation.newBuilder()
                        .setLanguage(new Language("Afrikaans", "AF", "af-ZA"))
                        .setIntents(afrikaans)
                        .setClassifier(WORDS.train("af", afrikaans))
                        .setMessages(Map.of("welcome", List.of("Hallo! Vra oor openingstye of maak 'n afspraak."),
                                "hours", List.of("Ons is weeksdae oop van 07:30 tot 16:00.")))
                        .setRetryPrompts(Map.of("welcome", "Jammer?"))
                        .setDocumentReadingMessage("Ek lees jou dokument.")
                        .build()))
                .setBlocks(List.of(
                        block("welcome", BlockType.QUESTION, "Hello! Ask about opening hours or book an appointment.", null,
                                List.of(hours, book), "Sorry?", 3),
                        block("hours", BlockType.MESSAGE, "We are open on weekdays from 07:30 to 16:00.", "welcome", List.of(), null, 0),
                        Block.newBuilder(block("booking", BlockType.MODULE, "Let us book.", "booked", List.of(), null, 0))
                                .setModule(1L).build(),
                        block("booked", BlockType.MESSAGE, "You are booked.", "welcome", List.of(), null, 0)))
                .setModules(List.of(Module.newBuilder()
                        .setId(1)
                        .setName("Book")
                        .setSlots(List.of(
                                slot(11, 1, "Which department?", SlotFieldType.CHOICE)
                                        .setChoiceOptions(List.of("pharmacy", "dental")).setEntity("department").build(),
                                slot(12, 2, "Which day?", SlotFieldType.DATE).setDateGteToday(true).build(),
                                slot(13, 3, "Your phone number?", SlotFieldType.PHONE).build()))
                        .build()))
                .setPublishedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .build();
    }

    private static Slot.Builder slot(long id, int order, String label, SlotFieldType type) {
        return Slot.newBuilder().setId(id).setOrder(order).setLabel(label).setFieldType(type);
    }

    private static OpeningHours hours(Weekday day) {
        return new OpeningHours(day, LocalTime.of(9, 0), LocalTime.of(18, 0));
    }

    private static Block block(String id, BlockType type, String message, String next, List<Transition> transitions,
                               String retryPrompt, int maxRetries) {
        return Block.newBuilder()
                .setId(id)
                .setType(type)
                .setMessages(List.of(message))
                .setButtons(id.equals("welcome") ? List.of(new Button(ButtonKind.POSTBACK, "Pricing", "PRICING", null)) : List.of())
                .setNext(next)
                .setTransitions(transitions)
                .setRetryPrompt(retryPrompt)
                .setMaxRetries(maxRetries)
                .build();
    }
}
