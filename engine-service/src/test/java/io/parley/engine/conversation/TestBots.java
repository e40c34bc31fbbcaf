package io.parley.engine.conversation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.parley.avro.Block;
import io.parley.avro.BlockType;
import io.parley.avro.BotDefinition;
import io.parley.avro.Button;
import io.parley.avro.ButtonKind;
import io.parley.avro.Language;
import io.parley.avro.Recognizer;
import io.parley.avro.SpeechSettings;
import io.parley.avro.Synthesizer;
import io.parley.avro.Transition;
import io.parley.avro.TransitionTrigger;

/** A small bot exercising every kind of transition the engine knows. */
final class TestBots {

    static final String COMPANY = "acme";
    static final long BOT_ID = 7;

    private TestBots() {
    }

    static BotDefinition demo() {
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
