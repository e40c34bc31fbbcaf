package io.parley.ingest.bots;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAlias;

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
        Double ambiguityMargin,
        Boolean sentenceEmbeddings,
        Map<String, String> variables,
        List<Block> blocks,
        List<Module> modules,
        String webhookFailureMessage,
        String documentReadingMessage,
        String documentFailureMessage,
        List<Intent> intents,
        List<EntityDefinition> entities,
        List<Translation> translations) {

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
                 Integer maxRetries, String next, String prompt, Long module, List<Transition> transitions, Boolean handoff) {
    }

    record Module(Long id, String name, @JsonAlias("checking_message") String checkingMessage, List<Slot> slots) {
    }

    /** A slot; TalkLift's snake_case names are accepted too, so a form can be copied from its payloads. */
    record Slot(Long id, String label,
                @JsonAlias("field_type") String fieldType,
                @JsonAlias("choice_options") List<String> choiceOptions,
                @JsonAlias("validation_regex") String validationRegex,
                @JsonAlias("validation_message") String validationMessage,
                @JsonAlias("validate_with_webhook") Boolean validateWithWebhook,
                @JsonAlias("show_condition") Long showCondition,
                @JsonAlias("show_condition_value") String showConditionValue,
                @JsonAlias("date_gte_today") Boolean dateGteToday,
                Integer order,
                String entity) {
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

    record EntityDefinition(String name, List<LookupValue> lookup, List<String> patterns) {
    }

    record LookupValue(String value, List<String> synonyms) {
    }

    /** Another language: phrases by intent name, messages and retry prompts by block id. */
    record Translation(Language language, List<Intent> intents, Map<String, List<String>> messages,
                       Map<String, String> retryPrompts, String documentReadingMessage, String documentFailureMessage) {
    }
}
