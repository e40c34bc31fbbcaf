package io.parley.ingest.bots;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import io.parley.avro.AiSettings;
import io.parley.avro.Block;
import io.parley.avro.BlockType;
import io.parley.avro.BotDefinition;
import io.parley.avro.Button;
import io.parley.avro.ButtonKind;
import io.parley.avro.EntityDefinition;
import io.parley.avro.Intent;
import io.parley.avro.IntentModel;
import io.parley.avro.Language;
import io.parley.avro.LookupValue;
import io.parley.avro.MessengerSettings;
import io.parley.avro.Module;
import io.parley.avro.OpeningHours;
import io.parley.avro.Recognizer;
import io.parley.avro.Slot;
import io.parley.avro.SlotFieldType;
import io.parley.avro.SpeechSettings;
import io.parley.avro.Synthesizer;
import io.parley.avro.Transition;
import io.parley.avro.Translation;
import io.parley.avro.TransitionTrigger;
import io.parley.avro.Weekday;
import io.parley.nlu.intents.IntentDecision;
import io.parley.nlu.intents.IntentTrainer;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import io.parley.nlu.entities.BuiltInEntity;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads and validates a bot file; every fault is reported with the line or path where it is. */
public final class BotFileReader {

    /** Kafka's default largest record is 1 MB; the framing and the batch take a little of it. */
    static final int MAX_PUBLISHED_BYTES = 1_000_000;
    private static final Mustache.Compiler TEMPLATES = Mustache.compiler().escapeHTML(false).emptyStringIsFalse(true);

    private final YAMLMapper yaml = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final IntentTrainer trainer;

    /** A reader that trains each language's intent classifier with {@code trainer}. */
    public BotFileReader(IntentTrainer trainer) {
        this.trainer = trainer;
    }

    /**
     * @param source  name of the file or request, used in error messages
     * @param content the YAML (or JSON, which is YAML too)
     * @param now     publication time recorded in the definition
     */
    public BotDefinition read(String source, String content, Instant now) throws InvalidBotException {
        BotFile file;
        try {
            file = yaml.readValue(content, BotFile.class);
        } catch (JacksonException e) {
            throw new InvalidBotException(source, List.of(describe(e)));
        }
        if (file == null) {
            throw new InvalidBotException(source, List.of("the file is empty"));
        }
        Validation v = new Validation();
        BotDefinition definition = toDefinition(file, v, now);
        if (v.problems.isEmpty() && encodedSize(definition) > MAX_PUBLISHED_BYTES) {
            v.fault("intents", "the published bot, its trained classifiers included, would take "
                    + encodedSize(definition) / 1024 + " kB; a bot may take " + MAX_PUBLISHED_BYTES / 1024
                    + " kB (one Kafka record): fewer intents or languages, or split the bot");
        }
        if (!v.problems.isEmpty()) {
            throw new InvalidBotException(source, v.problems);
        }
        return definition;
    }

    /** The definition's size on the bots topic, whose records (as Kafka's by default) hold at most a megabyte. */
    private static int encodedSize(BotDefinition definition) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<>(BotDefinition.class).write(definition, encoder);
            encoder.flush();
            return out.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(JacksonException e) {
        StringBuilder where = new StringBuilder();
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            // The parser reports where it stopped, which can be just past the faulty token.
            where.append("near line ").append(e.getLocation().getLineNr())
                    .append(", column ").append(e.getLocation().getColumnNr());
        }
        String path = path(e.getPath());
        if (!path.isEmpty()) {
            where.append(where.isEmpty() ? "" : " (").append(path).append(where.isEmpty() ? "" : ")");
        }
        String message = Optional.ofNullable(e.getOriginalMessage()).orElse(e.getClass().getSimpleName());
        // Jackson names Java classes; a bot author needs only the first sentence, in the file's words.
        int cut = message.indexOf(" (class ");
        return where + ": " + inFileTerms((cut > 0 ? message.substring(0, cut) : message).split("\n")[0]);
    }

    private static final Pattern JAVA_TYPE = Pattern.compile(
            "`(?:(?:[a-z_$][\\w$]*\\.)+([A-Za-z_$][\\w$]*)|(int|long|short|byte|char|double|float|boolean))(?:<[^`]*>)?(?:\\[])?`");

    /** Jackson's message with each Java type it names said as the kind of YAML/JSON value it reads. */
    static String inFileTerms(String message) {
        return JAVA_TYPE.matcher(message).replaceAll(type -> type.group(0).endsWith("[]`") ? "a list"
                : switch (type.group(1) != null ? type.group(1) : type.group(2)) {
                case "String", "char", "Character" -> "text";
                case "int", "Integer", "long", "Long", "short", "Short", "byte", "Byte", "BigInteger" -> "a whole number";
                case "double", "Double", "float", "Float", "BigDecimal" -> "a number";
                case "boolean", "Boolean" -> "true or false";
                case "List", "ArrayList", "Collection", "Set", "HashSet", "LinkedHashSet" -> "a list";
                default -> "an object";
            })
                .replaceAll(" \\(token `[^`]*`\\)", "")
                .replaceAll("(?i)\\b(?:java|javax|jakarta|io\\.parley|tools\\.jackson|com\\.fasterxml)(?:\\.[\\w$]+)+", "a value")
                .replaceAll("Cannot deserialize value of type (.+?) from (Array|Object|String|Integer|Floating-point|Boolean) value",
                        "expected $1, found $2")
                .replace("found Array", "found a list").replace("found Object", "found an object").replace("found String", "found text")
                .replace("found Integer", "found a whole number").replace("found Floating-point", "found a number")
                .replace("found Boolean", "found true or false");
    }

    private static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private BotDefinition toDefinition(BotFile f, Validation v, Instant now) {
        v.require("company", f.company());
        v.require("botId", f.botId());
        v.require("name", f.name());
        v.require("language", f.language());
        v.require("startBlock", f.startBlock());
        if (f.botId() != null && f.botId() < 0) {
            v.fault("botId", "must be a positive number");
        }
        if (f.company() != null && !f.company().matches("[A-Za-z0-9_-]+")) {
            v.fault("company", "may hold only letters, digits, '-' and '_' (it is a URL path segment)");
        }
        String timeZone = Optional.ofNullable(f.timeZone()).orElse("UTC");
        try {
            ZoneId.of(timeZone);
        } catch (RuntimeException e) {
            v.fault("timeZone", "unknown time zone '" + timeZone + "'");
        }
        if (f.intentThreshold() != null && (f.intentThreshold() < 0 || f.intentThreshold() > 1)) {
            v.fault("intentThreshold", "must be between 0 and 1");
        }
        if (f.ambiguityMargin() != null && (f.ambiguityMargin() < 0 || f.ambiguityMargin() > 1)) {
            v.fault("ambiguityMargin", "must be between 0 and 1");
        }
        List<Block> blocks = v.each("blocks", f.blocks(), BotFileReader::toBlock);
        List<Module> modules = v.each("modules", f.modules(), BotFileReader::toModule);
        List<Intent> intents = v.each("intents", f.intents(), BotFileReader::toIntent);
        if (intents.size() == 1) {
            v.fault("intents", "a bot needs at least " + IntentTrainer.MIN_INTENTS + " intents, or none");
        }
        if (blocks.isEmpty()) {
            v.fault("blocks", "a bot needs at least one block");
        }
        checkReferences(f, v);
        List<EntityDefinition> entities = v.each("entities", f.entities(), BotFileReader::toEntity);
        checkEntities(f, entities, v);
        List<Translation> translations = v.each("translations", f.translations(), BotFileReader::toTranslation);
        checkTranslations(f, translations, v);
        checkPhrases("intents", intents, v);
        for (int i = 0; i < translations.size(); i++) {
            checkPhrases("translations[" + i + "].intents", translations.get(i).getIntents(), v);
        }
        // Trained once, here, and shipped with the definition: the engine never trains.
        IntentTrainer training = Boolean.FALSE.equals(f.sentenceEmbeddings()) ? IntentTrainer.wordsOnly() : trainer;
        IntentModel classifier = v.problems.isEmpty() && intents.size() >= IntentTrainer.MIN_INTENTS
                ? training.train(languageCode(f.language()), intents) : null;
        if (v.problems.isEmpty()) {
            translations.forEach(translation -> translation.setClassifier(translation.getIntents().isEmpty() ? null
                    : training.train(Optional.ofNullable(translation.getLanguage().getCode()).orElse("und"), translation.getIntents())));
        }
        BotDefinition.Builder definition = BotDefinition.newBuilder()
                .setCompany(Optional.ofNullable(f.company()).orElse(""))
                .setBotId(Optional.ofNullable(f.botId()).orElse(0L))
                .setName(Optional.ofNullable(f.name()).orElse(""))
                .setLanguage(toLanguage(f.language(), v))
                .setSessionTimeoutSeconds(Optional.ofNullable(f.sessionTimeoutSeconds()).orElse(900))
                .setTimeZone(timeZone)
                .setBusinessHours(v.each("businessHours", f.businessHours(), BotFileReader::toOpeningHours))
                .setTelephony(f.telephony() == null ? null : toSpeech(f.telephony(), v))
                .setAi(f.ai() == null ? null : toAi(f.ai(), v))
                .setMessenger(f.messenger() == null ? null : toMessenger(f.messenger(), v))
                .setStartBlockId(Optional.ofNullable(f.startBlock()).orElse(""))
                .setFallbackBlockId(f.fallbackBlock())
                .setBlocks(blocks)
                .setModules(modules)
                .setIntents(intents)
                .setClassifier(classifier)
                .setIntentThreshold(Optional.ofNullable(f.intentThreshold()).orElse(IntentDecision.DEFAULT_THRESHOLD))
                .setAmbiguityMargin(Optional.ofNullable(f.ambiguityMargin()).orElse(IntentDecision.DEFAULT_AMBIGUITY_MARGIN))
                .setVariables(Optional.ofNullable(f.variables()).map(HashMap::new).orElseGet(HashMap::new))
                .setEntities(entities)
                .setTranslations(translations)
                .setPublishedAt(now);
        Optional.ofNullable(f.webhookFailureMessage()).ifPresent(definition::setWebhookFailureMessage);
        v.template("documentReadingMessage", f.documentReadingMessage());
        v.template("documentFailureMessage", f.documentFailureMessage());
        Optional.ofNullable(f.documentReadingMessage()).ifPresent(definition::setDocumentReadingMessage);
        Optional.ofNullable(f.documentFailureMessage()).ifPresent(definition::setDocumentFailureMessage);
        return definition.build();
    }

    /**
     * What a classifier cannot learn from: a phrase without a word, the same phrase for two intents (the
     * classifier would be told both are right), or more than it can train in a publication's time.
     */
    private static void checkPhrases(String path, List<Intent> intents, Validation v) {
        Map<String, String> intentOfPhrase = new HashMap<>();
        int phrases = 0;
        for (int i = 0; i < intents.size(); i++) {
            Intent intent = intents.get(i);
            for (int j = 0; j < intent.getPhrases().size(); j++) {
                String phrase = intent.getPhrases().get(j);
                String at = path + "[" + i + "].phrases[" + j + "]";
                if (phrase == null || !IntentTrainer.hasWords(phrase)) {
                    v.fault(at, "a phrase needs at least one word");
                    continue;
                }
                String other = intentOfPhrase.putIfAbsent(IntentTrainer.normalised(phrase), intent.getName());
                if (other != null && !other.equals(intent.getName())) {
                    v.fault(at, "'" + phrase + "' is also a phrase of intent '" + other + "'; a phrase can teach one intent only");
                }
                phrases++;
            }
        }
        if (intents.size() > IntentTrainer.MAX_INTENTS) {
            v.fault(path, "at most " + IntentTrainer.MAX_INTENTS + " intents per language, got " + intents.size());
        }
        if (phrases > IntentTrainer.MAX_PHRASES) {
            v.fault(path, "at most " + IntentTrainer.MAX_PHRASES + " phrases per language, got " + phrases);
        }
    }

    private static String languageCode(BotFile.Language language) {
        return language == null || language.code() == null ? "und" : language.code();
    }

    private static Language toLanguage(BotFile.Language language, Validation v) {
        if (language == null) {
            return new Language("", "", null);
        }
        v.require("language.name", language.name());
        v.require("language.slug", language.slug());
        return new Language(Optional.ofNullable(language.name()).orElse(""),
                Optional.ofNullable(language.slug()).orElse(""), language.code());
    }

    private static Block toBlock(BotFile.Block b, Validation v, String path) {
        v.require(path + ".id", b.id());
        BlockType type = v.enumValue(path + ".type", BlockType.class, Optional.ofNullable(b.type()).orElse("QUESTION"));
        if ((type == BlockType.MESSAGE || type == BlockType.AI || type == BlockType.MODULE) && b.next() == null) {
            v.fault(path + ".next", "a " + type + " block must say which block comes next");
        }
        if ((type == BlockType.MODULE) != (b.module() != null)) {
            v.fault(path + ".module", type == BlockType.MODULE ? "a MODULE block must name its module's id" : "only MODULE blocks name a module");
        }
        if (b.prompt() != null && type != BlockType.AI) {
            v.fault(path + ".prompt", "only AI blocks have a prompt");
        }
        v.template(path + ".prompt", b.prompt());
        List<String> messages = Optional.ofNullable(b.messages()).orElse(List.of());
        for (int i = 0; i < messages.size(); i++) {
            v.template(path + ".messages[" + i + "]", messages.get(i));
        }
        v.template(path + ".retryPrompt", b.retryPrompt());
        return Block.newBuilder()
                .setId(Optional.ofNullable(b.id()).orElse(""))
                .setType(type)
                .setMessages(messages)
                .setButtons(v.each(path + ".buttons", b.buttons(), BotFileReader::toButton))
                .setRetryPrompt(b.retryPrompt())
                .setMaxRetries(Optional.ofNullable(b.maxRetries()).orElse(2))
                .setNext(b.next())
                .setPrompt(b.prompt())
                .setModule(b.module())
                .setHandoff(Boolean.TRUE.equals(b.handoff()))
                .setTransitions(v.each(path + ".transitions", b.transitions(), BotFileReader::toTransition))
                .build();
    }

    private static Module toModule(BotFile.Module m, Validation v, String path) {
        v.require(path + ".id", m.id());
        v.require(path + ".name", m.name());
        if (m.slots() == null || m.slots().isEmpty()) {
            v.fault(path + ".slots", "a module needs at least one slot");
        }
        List<Slot> slots = new ArrayList<>(v.each(path + ".slots", m.slots(), BotFileReader::toSlot));
        slots.sort(Comparator.comparingInt(Slot::getOrder));
        Set<Long> earlier = new HashSet<>();
        Set<Integer> orders = new HashSet<>();
        for (Slot slot : slots) {
            String where = path + ".slots(id " + slot.getId() + ")";
            if (!earlier.add(slot.getId())) {
                v.fault(where + ".id", "duplicate slot id");
            }
            if (!orders.add(slot.getOrder())) {
                v.fault(where + ".order", "two slots have order " + slot.getOrder());
            }
            if (slot.getShowCondition() != null && (!earlier.contains(slot.getShowCondition())
                    || slot.getShowCondition().equals(slot.getId()))) {
                v.fault(where + ".showCondition", "must be the id of an earlier slot of the module");
            }
        }
        Module.Builder module = Module.newBuilder()
                .setId(Optional.ofNullable(m.id()).orElse(0L))
                .setName(Optional.ofNullable(m.name()).orElse(""))
                .setSlots(slots);
        Optional.ofNullable(m.checkingMessage()).ifPresent(module::setCheckingMessage);
        return module.build();
    }

    private static Slot toSlot(BotFile.Slot s, Validation v, String path) {
        v.require(path + ".id", s.id());
        v.require(path + ".label", s.label());
        v.require(path + ".order", s.order());
        SlotFieldType type = v.enumValue(path + ".fieldType", SlotFieldType.class,
                Optional.ofNullable(s.fieldType()).orElse("TEXT"));
        List<String> choices = Optional.ofNullable(s.choiceOptions()).orElse(List.of());
        if ((type == SlotFieldType.CHOICE) == choices.isEmpty()) {
            v.fault(path + ".choiceOptions", type == SlotFieldType.CHOICE ? "a CHOICE slot needs options" : "only CHOICE slots have options");
        }
        if (s.validationRegex() != null) {
            try {
                Pattern.compile(s.validationRegex());
            } catch (PatternSyntaxException e) {
                v.fault(path + ".validationRegex", "not a valid regular expression: " + e.getDescription());
            }
        }
        if ((s.showCondition() == null) != (s.showConditionValue() == null)) {
            v.fault(path + ".showConditionValue", "showCondition and showConditionValue go together");
        }
        if (Boolean.TRUE.equals(s.dateGteToday()) && type != SlotFieldType.DATE) {
            v.fault(path + ".dateGteToday", "only DATE slots have dateGteToday");
        }
        return Slot.newBuilder()
                .setId(Optional.ofNullable(s.id()).orElse(0L))
                .setLabel(Optional.ofNullable(s.label()).orElse(""))
                .setFieldType(type)
                .setChoiceOptions(choices)
                .setValidationRegex(s.validationRegex())
                .setValidationMessage(s.validationMessage())
                .setValidateWithWebhook(Boolean.TRUE.equals(s.validateWithWebhook()))
                .setShowCondition(s.showCondition())
                .setShowConditionValue(s.showConditionValue())
                .setDateGteToday(Boolean.TRUE.equals(s.dateGteToday()))
                .setOrder(Optional.ofNullable(s.order()).orElse(0))
                .setEntity(s.entity())
                .build();
    }

    private static EntityDefinition toEntity(BotFile.EntityDefinition e, Validation v, String path) {
        v.require(path + ".name", e.name());
        List<LookupValue> lookup = v.each(path + ".lookup", e.lookup(), (value, validation, where) -> {
            validation.require(where + ".value", value.value());
            return new LookupValue(Optional.ofNullable(value.value()).orElse(""),
                    Optional.ofNullable(value.synonyms()).orElse(List.of()));
        });
        List<String> patterns = Optional.ofNullable(e.patterns()).orElse(List.of());
        for (int i = 0; i < patterns.size(); i++) {
            try {
                Pattern.compile(patterns.get(i));
            } catch (PatternSyntaxException | NullPointerException ex) {
                v.fault(path + ".patterns[" + i + "]", "not a valid regular expression"
                        + (ex instanceof PatternSyntaxException syntax ? ": " + syntax.getDescription() : ""));
            }
        }
        if (lookup.isEmpty() && patterns.isEmpty()) {
            v.fault(path, "an entity needs lookup values, patterns or both");
        }
        return new EntityDefinition(Optional.ofNullable(e.name()).orElse(""), lookup, patterns);
    }

    private static Translation toTranslation(BotFile.Translation t, Validation v, String path) {
        v.require(path + ".language", t.language());
        if (t.language() != null) {
            v.require(path + ".language.code", t.language().code());
        }
        Map<String, List<String>> messages = Optional.ofNullable(t.messages()).orElse(Map.of());
        messages.forEach((blockId, templates) -> Optional.ofNullable(templates).orElse(List.of())
                .forEach(template -> v.template(path + ".messages." + blockId, template)));
        Map<String, String> retryPrompts = Optional.ofNullable(t.retryPrompts()).orElse(Map.of());
        retryPrompts.forEach((blockId, template) -> v.template(path + ".retryPrompts." + blockId, template));
        v.template(path + ".documentReadingMessage", t.documentReadingMessage());
        v.template(path + ".documentFailureMessage", t.documentFailureMessage());
        return Translation.newBuilder()
                .setLanguage(toLanguage(t.language(), v))
                .setIntents(v.each(path + ".intents", t.intents(), BotFileReader::toIntent))
                .setMessages(new HashMap<>(messages))
                .setRetryPrompts(new HashMap<>(retryPrompts))
                .setDocumentReadingMessage(t.documentReadingMessage())
                .setDocumentFailureMessage(t.documentFailureMessage())
                .build();
    }

    /** Entity names are unique and not a built-in's; a slot's entity names one that exists. */
    private static void checkEntities(BotFile f, List<EntityDefinition> entities, Validation v) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entities.size(); i++) {
            String name = entities.get(i).getName();
            if (BuiltInEntity.names().contains(name)) {
                v.fault("entities[" + i + "].name", "'" + name + "' is a built-in entity");
            } else if (!names.add(name)) {
                v.fault("entities[" + i + "].name", "duplicate entity '" + name + "'");
            }
        }
        names.addAll(BuiltInEntity.names());
        List<BotFile.Module> modules = Optional.ofNullable(f.modules()).orElse(List.of());
        for (int m = 0; m < modules.size(); m++) {
            List<BotFile.Slot> slots = modules.get(m) == null ? List.of() : Optional.ofNullable(modules.get(m).slots()).orElse(List.of());
            for (int s = 0; s < slots.size(); s++) {
                String entity = slots.get(s) == null ? null : slots.get(s).entity();
                if (entity != null && !names.contains(entity)) {
                    v.fault("modules[" + m + "].slots[" + s + "].entity", "no entity is named '" + entity
                            + "' (the built-in ones are " + BuiltInEntity.names() + ")");
                }
            }
        }
    }

    /**
     * Each translation is another language with a code, names only the bot's intents and blocks, and
     * has enough intents to train its own classifier when it has any.
     */
    private static void checkTranslations(BotFile f, List<Translation> translations, Validation v) {
        Set<String> codes = new HashSet<>();
        Optional.ofNullable(f.language()).map(BotFile.Language::code).ifPresent(code -> codes.add(code.toLowerCase(Locale.ROOT)));
        Set<String> intentNames = new HashSet<>();
        Optional.ofNullable(f.intents()).orElse(List.of()).stream()
                .filter(intent -> intent != null && intent.name() != null)
                .forEach(intent -> intentNames.add(intent.name()));
        Set<String> blockIds = new HashSet<>();
        Optional.ofNullable(f.blocks()).orElse(List.of()).stream()
                .filter(block -> block != null && block.id() != null)
                .forEach(block -> blockIds.add(block.id()));
        for (int i = 0; i < translations.size(); i++) {
            Translation translation = translations.get(i);
            String path = "translations[" + i + "]";
            String code = translation.getLanguage().getCode();
            if (code != null && !codes.add(code.toLowerCase(Locale.ROOT))) {
                v.fault(path + ".language.code", "the bot speaks " + code + " already");
            }
            List<Intent> intents = translation.getIntents();
            for (int j = 0; j < intents.size(); j++) {
                if (!intentNames.contains(intents.get(j).getName())) {
                    v.fault(path + ".intents[" + j + "].name", "no intent is named '" + intents.get(j).getName() + "'");
                }
            }
            if (intents.size() == 1) {
                v.fault(path + ".intents", "a language needs phrases for at least " + IntentTrainer.MIN_INTENTS + " intents, or none");
            }
            for (String blockId : translation.getMessages().keySet()) {
                if (!blockIds.contains(blockId)) {
                    v.fault(path + ".messages." + blockId, "no block has id '" + blockId + "'");
                }
            }
            for (String blockId : translation.getRetryPrompts().keySet()) {
                if (!blockIds.contains(blockId)) {
                    v.fault(path + ".retryPrompts." + blockId, "no block has id '" + blockId + "'");
                }
            }
        }
    }

    private static Button toButton(BotFile.Button b, Validation v, String path) {
        v.require(path + ".title", b.title());
        if ((b.payload() == null) == (b.url() == null)) {
            v.fault(path, "a button has either a payload or a url");
        }
        return new Button(b.url() != null ? ButtonKind.WEB_URL : ButtonKind.POSTBACK,
                Optional.ofNullable(b.title()).orElse(""), b.payload(), b.url());
    }

    private static Transition toTransition(BotFile.Transition t, Validation v, String path) {
        v.require(path + ".target", t.target());
        TransitionTrigger on = v.enumValue(path + ".on", TransitionTrigger.class, t.on());
        if (on != TransitionTrigger.ANY && t.value() == null) {
            v.fault(path + ".value", "a " + on + " transition needs a value");
        }
        if (on == TransitionTrigger.PATTERN && t.value() != null) {
            try {
                Pattern.compile(t.value());
            } catch (PatternSyntaxException e) {
                v.fault(path + ".value", "not a valid regular expression: " + e.getDescription());
            }
        }
        return new Transition(on, t.value(), Optional.ofNullable(t.target()).orElse(""));
    }

    private static OpeningHours toOpeningHours(BotFile.OpeningHours h, Validation v, String path) {
        Weekday day = v.enumValue(path + ".day", Weekday.class, h.day());
        LocalTime opens = v.time(path + ".opens", h.opens());
        LocalTime closes = v.time(path + ".closes", h.closes());
        if (opens != null && closes != null && !opens.isBefore(closes)) {
            v.fault(path, "opens must be before closes");
        }
        return new OpeningHours(day, Optional.ofNullable(opens).orElse(LocalTime.MIDNIGHT),
                Optional.ofNullable(closes).orElse(LocalTime.MIDNIGHT));
    }

    private static SpeechSettings toSpeech(BotFile.Telephony t, Validation v) {
        v.require("telephony.synthesizer", t.synthesizer());
        v.require("telephony.recognizer", t.recognizer());
        BotFile.Synthesizer s = Optional.ofNullable(t.synthesizer()).orElse(new BotFile.Synthesizer("", "", "", null));
        BotFile.Recognizer r = Optional.ofNullable(t.recognizer()).orElse(new BotFile.Recognizer("", "", null, null, null));
        v.require("telephony.synthesizer.vendor", s.vendor());
        v.require("telephony.recognizer.vendor", r.vendor());
        return SpeechSettings.newBuilder()
                .setSynthesizer(new Synthesizer(Optional.ofNullable(s.vendor()).orElse(""),
                        Optional.ofNullable(s.language()).orElse(""), Optional.ofNullable(s.voice()).orElse(""),
                        Optional.ofNullable(s.options()).map(HashMap::new).orElseGet(HashMap::new)))
                .setRecognizer(new Recognizer(Optional.ofNullable(r.vendor()).orElse(""),
                        Optional.ofNullable(r.language()).orElse(""), Optional.ofNullable(r.hints()).orElse(List.of()),
                        Optional.ofNullable(r.noInputTimeoutMillis()).orElse(5000),
                        Optional.ofNullable(r.endOfSpeechTimeoutMillis()).orElse(800)))
                .setHangupNoResponse(Boolean.TRUE.equals(t.hangupNoResponse()))
                .setRetries(Optional.ofNullable(t.retries()).orElse(2))
                .build();
    }

    private static AiSettings toAi(BotFile.Ai ai, Validation v) {
        if (ai.baseUrl() != null && !ai.baseUrl().matches("https?://.+")) {
            v.fault("ai.baseUrl", "must be an http(s) URL");
        }
        AiSettings.Builder settings = AiSettings.newBuilder()
                .setBaseUrl(ai.baseUrl())
                .setModel(ai.model())
                .setSystemPrompt(ai.systemPrompt());
        if (ai.fallbackAnswer() != null) {
            settings.setFallbackAnswer(ai.fallbackAnswer());
        }
        return settings.build();
    }

    private static MessengerSettings toMessenger(BotFile.Messenger messenger, Validation v) {
        v.require("messenger.pageId", messenger.pageId());
        v.require("messenger.pageAccessTokenRef", messenger.pageAccessTokenRef());
        return new MessengerSettings(Optional.ofNullable(messenger.pageId()).orElse(""),
                Optional.ofNullable(messenger.pageAccessTokenRef()).orElse(""));
    }

    private static Intent toIntent(BotFile.Intent i, Validation v, String path) {
        v.require(path + ".name", i.name());
        if (i.phrases() == null || i.phrases().isEmpty()) {
            v.fault(path + ".phrases", "an intent needs training phrases");
        }
        return new Intent(Optional.ofNullable(i.name()).orElse(""), Optional.ofNullable(i.phrases()).orElse(List.of()));
    }

    /** Block ids are unique and every reference to a block or an intent names one that exists. */
    private static void checkReferences(BotFile f, Validation v) {
        List<BotFile.Block> blocks = Optional.ofNullable(f.blocks()).orElse(List.of());
        Set<String> intentNames = new HashSet<>();
        Optional.ofNullable(f.intents()).orElse(List.of()).stream()
                .filter(intent -> intent != null && intent.name() != null)
                .forEach(intent -> intentNames.add(intent.name()));
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < blocks.size(); i++) {
            String id = blocks.get(i).id();
            if (id != null && !ids.add(id)) {
                v.fault("blocks[" + i + "].id", "duplicate block id '" + id + "'");
            }
        }
        Set<Long> moduleIds = new HashSet<>();
        Optional.ofNullable(f.modules()).orElse(List.of()).stream()
                .filter(module -> module != null && module.id() != null)
                .forEach(module -> {
                    if (!moduleIds.add(module.id())) {
                        v.fault("modules", "duplicate module id " + module.id());
                    }
                });
        for (int i = 0; i < blocks.size(); i++) {
            Long module = blocks.get(i).module();
            if (module != null && !moduleIds.contains(module)) {
                v.fault("blocks[" + i + "].module", "no module has id " + module);
            }
        }
        v.reference("startBlock", f.startBlock(), ids);
        v.reference("fallbackBlock", f.fallbackBlock(), ids);
        for (int i = 0; i < blocks.size(); i++) {
            BotFile.Block block = blocks.get(i);
            v.reference("blocks[" + i + "].next", block.next(), ids);
            List<BotFile.Transition> transitions = Optional.ofNullable(block.transitions()).orElse(List.of());
            for (int t = 0; t < transitions.size(); t++) {
                BotFile.Transition transition = transitions.get(t);
                String path = "blocks[" + i + "].transitions[" + t + "]";
                v.reference(path + ".target", transition.target(), ids);
                if ("INTENT".equalsIgnoreCase(transition.on()) && transition.value() != null
                        && !intentNames.contains(transition.value())) {
                    v.fault(path + ".value", "no intent is named '" + transition.value() + "'");
                }
            }
        }
    }

    /** Collects faults with their paths instead of stopping at the first. */
    private static final class Validation {
        final List<String> problems = new ArrayList<>();

        void fault(String path, String message) {
            problems.add(path + ": " + message);
        }

        void require(String path, Object value) {
            if (value == null || (value instanceof String s && s.isBlank())) {
                fault(path, "is required");
            }
        }

        void reference(String path, String blockId, Set<String> ids) {
            if (blockId != null && !ids.contains(blockId)) {
                fault(path, "no block has id '" + blockId + "'");
            }
        }

        <E extends Enum<E>> E enumValue(String path, Class<E> type, String value) {
            if (value == null) {
                fault(path, "is required");
                return Enum.valueOf(type, "UNKNOWN");
            }
            try {
                E parsed = Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
                if (!"UNKNOWN".equals(parsed.name())) {
                    return parsed;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            List<String> allowed = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                if (!"UNKNOWN".equals(constant.name())) {
                    allowed.add(constant.name());
                }
            }
            fault(path, "'" + value + "' is not one of " + allowed);
            return Enum.valueOf(type, "UNKNOWN");
        }

        /** Compiled as the engine will render it, so a syntax error is refused here with its path. */
        void template(String path, String template) {
            if (template == null) {
                return;
            }
            try {
                TEMPLATES.compile(template);
            } catch (MustacheException e) {
                fault(path, "not a valid template: " + e.getMessage());
            }
        }

        LocalTime time(String path, String value) {
            if (value == null) {
                fault(path, "is required");
                return null;
            }
            try {
                return LocalTime.parse(value);
            } catch (DateTimeParseException e) {
                fault(path, "'" + value + "' is not a time of day (HH:mm)");
                return null;
            }
        }

        <S, T> List<T> each(String path, List<S> items, Converter<S, T> converter) {
            List<T> converted = new ArrayList<>();
            List<S> list = Optional.ofNullable(items).orElse(List.of());
            for (int i = 0; i < list.size(); i++) {
                String itemPath = path + "[" + i + "]";
                if (list.get(i) == null) {
                    fault(itemPath, "is empty");
                    continue;
                }
                converted.add(converter.convert(list.get(i), this, itemPath));
            }
            return converted;
        }
    }

    @FunctionalInterface
    private interface Converter<S, T> {
        T convert(S source, Validation validation, String path);
    }
}
