package io.parley.ingest.bots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import io.parley.avro.BlockType;
import io.parley.avro.BotDefinition;
import io.parley.avro.Module;
import io.parley.avro.Slot;
import io.parley.avro.SlotFieldType;
import io.parley.avro.TransitionTrigger;
import io.parley.nlu.intents.IntentClassifier;
import io.parley.nlu.intents.IntentTrainer;
import org.junit.jupiter.api.Test;

class BotFileReaderTest {

    private final BotFileReader reader = TestBotFiles.READER;

    @Test
    void everyExampleBotIsValid() throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of("..", "bots"))) {
            files = list.filter(f -> f.toString().endsWith(".yaml")).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            BotDefinition bot = reader.read(file.toString(), Files.readString(file), Instant.EPOCH);
            assertThat(bot.getBlocks()).isNotEmpty();
        }
    }

    @Test
    void theDemoBotIsReadFieldForField() throws Exception {
        BotDefinition bot = reader.read("demo", Files.readString(Path.of("..", "bots", "parley-demo-1.yaml")), Instant.EPOCH);
        assertThat(bot.getCompany()).isEqualTo("parley-demo");
        assertThat(bot.getBotId()).isEqualTo(1);
        assertThat(bot.getLanguage().getSlug()).isEqualTo("EN");
        assertThat(bot.getTimeZone()).isEqualTo("Europe/Paris");
        assertThat(bot.getTelephony().getSynthesizer().getVendor()).isEqualTo("google");
        assertThat(bot.getBlocks().get(0).getType()).isEqualTo(BlockType.QUESTION);
        assertThat(bot.getBlocks().get(0).getTransitions().get(0).getOn()).isEqualTo(TransitionTrigger.PAYLOAD);
        assertThat(bot.getBusinessHours()).hasSize(5);
    }

    @Test
    void theClaimsBotsModuleIsReadWithTalkLiftsFieldNamesToo() throws Exception {
        BotDefinition bot = reader.read("claims", Files.readString(Path.of("..", "bots", "parley-demo-4.yaml")), Instant.EPOCH);
        assertThat(bot.getBlocks()).filteredOn(block -> block.getType() == BlockType.MODULE).singleElement()
                .satisfies(block -> assertThat(block.getModule()).isEqualTo(1220L));
        Module module = bot.getModules().get(0);
        assertThat(module.getName()).isEqualTo("Make a claim");
        assertThat(module.getSlots()).extracting(Slot::getOrder).isSorted();
        Slot registration = module.getSlots().stream().filter(slot -> slot.getId() == 3445L).findFirst().orElseThrow();
        assertThat(registration.getShowCondition()).isEqualTo(3441L);
        assertThat(registration.getShowConditionValue()).isEqualTo("Car");
        assertThat(registration.getValidationMessage()).startsWith("Please enter a registration");
        Slot membership = module.getSlots().get(module.getSlots().size() - 1);
        assertThat(membership.getValidateWithWebhook()).isTrue();
        assertThat(module.getSlots().get(2).getFieldType()).isEqualTo(SlotFieldType.CHOICE);
        assertThat(module.getSlots().get(2).getChoiceOptions()).containsExactly("Car", "Home");
    }

    @Test
    void theClinicBotSpeaksThreeLanguagesEachWithItsOwnClassifier() throws Exception {
        BotDefinition bot = reader.read("clinic", Files.readString(Path.of("..", "bots", "parley-demo-5.yaml")), Instant.EPOCH);
        assertThat(bot.getLanguage().getCode()).isEqualTo("en-ZA");
        assertThat(bot.getTranslations()).extracting(translation -> translation.getLanguage().getCode())
                .containsExactly("af-ZA", "zu-ZA");
        assertThat(bot.getTranslations()).allSatisfy(translation -> {
            assertThat(translation.getClassifier()).isNotNull();
            // No encoder understands Afrikaans or isiZulu: their classifiers read words alone.
            assertThat(translation.getClassifier().getSentenceEncoder()).isNull();
            assertThat(translation.getMessages()).containsKeys("welcome", "hours", "anything-else");
        });
        assertThat(bot.getTranslations().get(0).getDocumentReadingMessage()).startsWith("Dankie");
        assertThat(bot.getEntities()).extracting(entity -> entity.getName()).containsExactly("department", "file_number");
        assertThat(bot.getModules().get(0).getSlots().get(0).getEntity()).isEqualTo("department");
        var ranking = IntentClassifier.of(bot.getTranslations().get(0).getClassifier()).rank("wanneer is julle oop", null);
        assertThat(ranking.get(0).getIntent()).isEqualTo("opening_hours");
    }

    @Test
    void phrasesAClassifierCannotLearnFromAreRefusedWithTheirPaths() {
        String yaml = """
                company: x
                botId: 1
                name: n
                language: {name: English, slug: EN, code: en-ZA}
                startBlock: a
                blocks:
                  - {id: a, type: QUESTION, messages: [hi]}
                intents:
                  - {name: agree, phrases: [yes please, "?!"]}
                  - {name: refuse, phrases: [no thanks, "Yes, please!"]}
                ambiguityMargin: 2
                """;
        assertThatThrownBy(() -> reader.read("phrases", yaml, Instant.EPOCH))
                .isInstanceOf(InvalidBotException.class)
                .satisfies(e -> assertThat(((InvalidBotException) e).problems()).containsExactlyInAnyOrder(
                        "intents[0].phrases[1]: a phrase needs at least one word",
                        "intents[1].phrases[1]: 'Yes, please!' is also a phrase of intent 'agree'; a phrase can teach one intent only",
                        "ambiguityMargin: must be between 0 and 1"));
    }

    @Test
    void aLanguageWithMoreIntentsThanPublicationCanTrainInTimeIsRefused() {
        StringBuilder yaml = new StringBuilder("""
                company: x
                botId: 1
                name: n
                language: {name: English, slug: EN}
                startBlock: a
                blocks:
                  - {id: a, type: QUESTION, messages: [hi]}
                intents:
                """);
        for (int i = 0; i <= IntentTrainer.MAX_INTENTS; i++) {
            yaml.append("  - {name: i").append(i).append(", phrases: [phrase number ").append(i).append("]}\n");
        }
        assertThatThrownBy(() -> reader.read("many", yaml.toString(), Instant.EPOCH))
                .isInstanceOf(InvalidBotException.class)
                .satisfies(e -> assertThat(((InvalidBotException) e).problems())
                        .containsExactly("intents: at most 200 intents per language, got 201"));
    }

    @Test
    void aBotTooLargeForOneKafkaRecordIsRefusedBeforeItIsPublished() {
        StringBuilder yaml = new StringBuilder("""
                company: x
                botId: 1
                name: n
                language: {name: English, slug: EN, code: en-ZA}
                startBlock: a
                blocks:
                  - {id: a, type: QUESTION, messages: [hi]}
                intents:
                """);
        StringBuilder french = new StringBuilder("""
                translations:
                  - language: {name: French, slug: FR, code: fr-FR}
                    intents:
                """);
        for (int i = 0; i < IntentTrainer.MAX_INTENTS; i++) {
            int intent = i;
            // Words of their own in every intent: together they use every n-gram bucket, so no weight is left out.
            String words = String.join(" ", java.util.stream.IntStream.range(0, 8).mapToObj(w -> Integer.toString(intent * 8 + w, 36) + "q").toList());
            yaml.append("  - {name: i").append(i).append(", phrases: [phrase number ").append(words).append("]}\n");
            french.append("      - {name: i").append(i).append(", phrases: [phrase numero ").append(words).append("]}\n");
        }
        BotFileReader wordsOnly = new BotFileReader(IntentTrainer.wordsOnly());
        assertThatThrownBy(() -> wordsOnly.read("large", yaml + french.toString(), Instant.EPOCH))
                .isInstanceOf(InvalidBotException.class)
                .satisfies(e -> assertThat(((InvalidBotException) e).problems()).singleElement().asString()
                        .startsWith("intents: the published bot, its trained classifiers included, would take")
                        .contains("a bot may take 976 kB"));
    }

    @Test
    void entityAndTranslationFaultsAreReportedWithTheirPaths() {
        String yaml = """
                company: x
                botId: 1
                name: n
                language: {name: English, slug: EN, code: en-ZA}
                startBlock: a
                blocks:
                  - {id: a, type: MODULE, module: 1, next: a}
                modules:
                  - id: 1
                    name: Form
                    slots:
                      - {id: 1, order: 1, label: Which?, fieldType: TEXT, entity: colour}
                entities:
                  - {name: email, patterns: ["x"]}
                  - {name: code, patterns: ["("]}
                  - {name: empty}
                translations:
                  - language: {name: English again, slug: EN, code: EN-za}
                  - language: {name: Afrikaans, slug: AF}
                    intents:
                      - {name: unknown, phrases: [hallo]}
                    messages:
                      nowhere: ["Hallo"]
                      a: ["{{#open}}"]
                """;
        assertThatThrownBy(() -> reader.read("languages", yaml, Instant.EPOCH))
                .isInstanceOf(InvalidBotException.class)
                .satisfies(e -> assertThat(((InvalidBotException) e).problems()).contains(
                        "entities[0].name: 'email' is a built-in entity",
                        "entities[2]: an entity needs lookup values, patterns or both",
                        "translations[0].language.code: the bot speaks EN-za already",
                        "translations[1].language.code: is required",
                        "translations[1].intents[0].name: no intent is named 'unknown'",
                        "translations[1].intents: a language needs phrases for at least 2 intents, or none",
                        "translations[1].messages.nowhere: no block has id 'nowhere'")
                        .anyMatch(problem -> problem.startsWith("entities[1].patterns[0]: not a valid regular expression"))
                        .anyMatch(problem -> problem.startsWith("modules[0].slots[0].entity: no entity is named 'colour'"))
                        .anyMatch(problem -> problem.startsWith("translations[1].messages.a: not a valid template")));
    }

    @Test
    void moduleFaultsAreReportedWithTheirPaths() {
        String yaml = """
                company: x
                botId: 1
                name: n
                language: {name: English, slug: EN}
                startBlock: a
                blocks:
                  - {id: a, type: MODULE, module: 9}
                  - {id: b, type: MODULE, module: 1, next: a}
                modules:
                  - id: 1
                    name: Form
                    slots:
                      - {id: 1, order: 1, label: Pick, fieldType: CHOICE}
                      - {id: 2, order: 1, label: When, fieldType: TEXT, dateGteToday: true, validationRegex: "(", showCondition: 7, showConditionValue: x}
                      - {id: 3, order: 3, label: Size, fieldType: SIZE}
                """;
        assertThatThrownBy(() -> reader.read("form", yaml, Instant.EPOCH))
                .isInstanceOf(InvalidBotException.class)
                .satisfies(e -> assertThat(((InvalidBotException) e).problems()).contains(
                        "blocks[0].next: a MODULE block must say which block comes next",
                        "blocks[0].module: no module has id 9",
                        "modules[0].slots[0].choiceOptions: a CHOICE slot needs options",
                        "modules[0].slots[1].dateGteToday: only DATE slots have dateGteToday",
                        "modules[0].slots(id 2).order: two slots have order 1",
                        "modules[0].slots(id 2).showCondition: must be the id of an earlier slot of the module")
                        .anyMatch(problem -> problem.startsWith("modules[0].slots[1].validationRegex: not a valid regular expression"))
                        .anyMatch(problem -> problem.startsWith("modules[0].slots[2].fieldType: 'SIZE' is not one of")));
    }

    @Test
    void templatesIntentReferencesAndIntentCountsAreCheckedWithTheirPaths() {
        String yaml = """
                company: x
                botId: 1
                name: n
                language: {name: English, slug: EN}
                startBlock: a
                blocks:
                  - id: a
                    messages: ["Hello {{/name}}", "fine {{name}}"]
                    retryPrompt: "{{#open}}unclosed"
                    transitions:
                      - {on: INTENT, value: buy, target: a}
                intents:
                  - {name: greet, phrases: [hello]}
                """;
        InvalidBotException error = org.junit.jupiter.api.Assertions.assertThrows(InvalidBotException.class,
                () -> reader.read("bot.yaml", yaml, Instant.EPOCH));
        assertThat(error.problems()).anySatisfy(p -> assertThat(p).startsWith("blocks[0].messages[0]: not a valid template"));
        assertThat(error.problems()).anySatisfy(p -> assertThat(p).startsWith("blocks[0].retryPrompt: not a valid template"));
        assertThat(error.problems()).contains("blocks[0].transitions[0].value: no intent is named 'buy'",
                "intents: a bot needs at least 2 intents, or none");
        assertThat(error.problems()).noneMatch(p -> p.startsWith("blocks[0].messages[1]"));
    }

    @Test
    void aBotWithIntentsIsPublishedWithItsTrainedModel() throws Exception {
        BotDefinition bot = reader.read("demo", Files.readString(Path.of("..", "bots", "parley-demo-1.yaml")), Instant.EPOCH);
        assertThat(bot.getIntents()).extracting(i -> i.getName()).contains("pricing", "goodbye");
        assertThat(bot.getClassifier().getIntents()).containsExactly("how_it_works", "pricing", "goodbye", "greet");
        assertThat(bot.getClassifier().getSentenceEncoder()).isEqualTo(TestBotFiles.ENCODER.id());
        assertThat(bot.getClassifier().getTemperature()).isPositive();
        assertThat(bot.getIntentThreshold()).isEqualTo(0.5);
    }

    @Test
    void aSyntaxErrorIsReportedWithItsLine() {
        assertThatThrownBy(() -> reader.read("bad.yaml", "company: x\nbotId: [unclosed\n", Instant.EPOCH))
                .isInstanceOf(InvalidBotException.class)
                .hasMessageContaining("bad.yaml")
                .hasMessageContaining("near line ");
    }

    @Test
    void anUnknownFieldIsReportedWithItsPath() {
        String yaml = """
                company: x
                botId: 1
                name: n
                language: {name: English, slug: EN}
                startBlock: a
                blocks:
                  - id: a
                    colour: blue
                """;
        assertThatThrownBy(() -> reader.read("bot.yaml", yaml, Instant.EPOCH))
                .isInstanceOf(InvalidBotException.class)
                .hasMessageContaining("near line 9")
                .hasMessageContaining("blocks[0].colour");
    }

    @Test
    void everySemanticFaultIsReportedWithItsPath() throws IOException {
        String yaml = """
                company: "bad company"
                botId: 1
                name: n
                language: {name: English, slug: EN}
                timeZone: Mars/Olympus
                startBlock: nowhere
                blocks:
                  - id: a
                    type: QUESTION
                    transitions:
                      - {on: KEYWORD, value: price, target: pricng}
                      - {on: SMELL, value: x, target: a}
                      - {on: PATTERN, value: "(", target: a}
                  - id: a
                    type: MESSAGE
                """;
        InvalidBotException error = org.junit.jupiter.api.Assertions.assertThrows(InvalidBotException.class,
                () -> reader.read("bot.yaml", yaml, Instant.EPOCH));
        assertThat(error.problems()).contains(
                "company: may hold only letters, digits, '-' and '_' (it is a URL path segment)",
                "timeZone: unknown time zone 'Mars/Olympus'",
                "startBlock: no block has id 'nowhere'",
                "blocks[0].transitions[0].target: no block has id 'pricng'",
                "blocks[1].id: duplicate block id 'a'",
                "blocks[1].next: a MESSAGE block must say which block comes next");
        assertThat(error.problems()).anySatisfy(p -> assertThat(p).startsWith("blocks[0].transitions[1].on: 'SMELL' is not one of"));
        assertThat(error.problems()).anySatisfy(p -> assertThat(p).startsWith("blocks[0].transitions[2].value: not a valid regular expression"));
    }

    @Test
    void aFileOfTheWrongShapeIsDescribedInTheFilesTermsWithoutJavaTypes() {
        for (String content : List.of("[1, 2]", "company: [x]\nbotId: 1", "botId: {a: 1}", "blocks: 7", "intents: [[1]]")) {
            assertThatThrownBy(() -> reader.read("shape", content, Instant.EPOCH))
                    .isInstanceOf(InvalidBotException.class)
                    .satisfies(e -> assertThat(((InvalidBotException) e).problems()).isNotEmpty().allSatisfy(problem ->
                            assertThat(problem).doesNotContainPattern("(?i)java|io\\.parley|jackson|LinkedHashMap|BotFile|`")));
        }
        assertThat(BotFileReader.inFileTerms("Cannot deserialize value of type `java.util.LinkedHashMap<java.lang.String,java.lang.Object>` "
                + "from Array value (token `JsonToken.START_ARRAY`)"))
                .isEqualTo("expected an object, found a list");
        assertThat(BotFileReader.inFileTerms("Cannot coerce `long` from `java.lang.String[]`"))
                .isEqualTo("Cannot coerce a whole number from a list");
    }
}
