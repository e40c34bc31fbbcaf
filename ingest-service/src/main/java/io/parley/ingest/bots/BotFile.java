package io.parley.ingest.bots;

import java.util.List;
import java.util.Map;

/**
 * A bot as written in YAML (see bots/README.md). Mapped onto the Avro {@code BotDefinition} after
 * validation; kept separate so the file format can stay friendly while the contract stays strict.
 */
record BotFile(
        String company,
        Long botId,
        String name,
        Language language,
        Integer sessionTimeoutSeconds,
        String timeZone,
        List<OpeningHours> businessHours,
        Telephony telephony,
        Ai ai,
        Messenger messenger,
        String startBlock,
        String fallbackBlock,
        Double intentThreshold,
        Map<String, String> variables,
        List<Block> blocks,
        List<Intent> intents) {

    record Language(String name, String slug, String code) {
    }

    record OpeningHours(String day, String opens, String closes) {
    }

    record Telephony(Synthesizer synthesizer, Recognizer recognizer, Boolean hangupNoResponse, Integer retries) {
    }

    record Synthesizer(String vendor, String language, String voice, Map<String, String> options) {
    }

    record Recognizer(String vendor, String language, List<String> hints, Integer noInputTimeoutMillis,
                      Integer endOfSpeechTimeoutMillis) {
    }

    record Block(String id, String type, List<String> messages, List<Button> buttons, String retryPrompt,
                 Integer maxRetries, String next, String prompt, List<Transition> transitions) {
    }

    record Ai(String baseUrl, String model, String systemPrompt, String fallbackAnswer) {
    }

    record Messenger(String pageId, String pageAccessTokenRef) {
    }

    record Button(String title, String payload, String url) {
    }

    record Transition(String on, String value, String target) {
    }

    record Intent(String name, List<String> phrases) {
    }
}
