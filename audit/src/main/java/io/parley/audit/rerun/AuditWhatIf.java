package io.parley.audit.rerun;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

import io.parley.audit.Cluster;
import io.parley.audit.Selection;
import io.parley.avro.BotDefinition;
import io.parley.avro.Command;
import io.parley.avro.ConversationEvent;
import io.parley.avro.UserSaid;
import io.parley.encoder.OnnxSentenceEncoder;
import io.parley.ingest.bots.BotFileReader;
import io.parley.ingest.bots.InvalidBotException;
import io.parley.nlu.intents.SentenceEncoder;
import io.parley.nlu.intents.IntentTrainer;
import io.parley.topics.RegistrySerdes;
import io.parley.topics.Topics;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./parley audit what-if}: regression testing from real traffic. Re-runs the recorded
 * conversations of a bot, offline, against another version of it (a kept one, or a bot file not yet
 * published) and reports, per conversation, the first turn whose intent, block, slot outcome or answer
 * would now differ from what the log records.
 */
@CommandLine.Command(name = "what-if",
        description = {"Replay the recorded conversations of a bot against another version of it (--version, or --file before publishing) "
                + "and report which would now go differently: the first changed turn of each, and the most common changes. Writes to no topic.",
                "Exit status: 0 when no conversation changes, 1 when some do, 2 for a wrong option."})
public final class AuditWhatIf implements Callable<Integer> {

    static final String ORIGIN = "what-if";

    // Not the standard help options: their --version would take the bot version's name.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Mixin
    Cluster cluster;

    @Mixin
    Selection selection;

    @Mixin
    RerunOptions rerun;

    @ArgGroup(multiplicity = "1")
    Candidate candidate;

    /** The bot to try: exactly one of a kept version and a file. */
    static final class Candidate {
        @Option(names = "--version", required = true, description = "A published version of the bot (its publication time in epoch ms, as events name it).")
        Long version;

        @Option(names = "--file", required = true, paramLabel = "bot.yaml", description = "A bot file, read and trained as publishing would, without publishing it.")
        Path file;
    }

    @Option(names = "--encoder", defaultValue = "bge-small-en-v1.5-q",
            description = "Sentence encoder that trains --file's classifier, as the deployment's parley.nlu.encoder (default: ${DEFAULT-VALUE}; none for words only).")
    String encoder;

    @Option(names = "--show", defaultValue = "20", description = "Changed conversations listed in full (default: ${DEFAULT-VALUE}); all are counted.")
    int show;

    @Spec
    CommandSpec spec;

    /** A conversation's first changed turn. */
    private record Change(String session, int turn, String said, Instant at, Map<String, String> aspects) {
    }

    @Override
    public Integer call() throws IOException {
        if (selection.bot() == null) {
            throw new ParameterException(spec.commandLine(), "what-if needs --bot company/botId: the bot whose other version is tried");
        }
        RegistrySerdes serdes = cluster.serdes();
        String botKey = selection.bot();
        try {
            selection.resolve(cluster.bootstrap(), serdes);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        RecordedLog log = RecordedLog.read(cluster, selection, rerun.engineId);
        byte[] tried = candidate.version != null ? keptVersion(log, botKey) : fromFile(serdes, botKey);
        String triedName = candidate.version != null ? "version " + candidate.version : "file " + candidate.file;

        Map<String, Map<String, List<ConversationEvent>>> recordedTurns = new HashMap<>();
        log.events().forEach((session, events) -> {
            Map<String, List<ConversationEvent>> byCommand = new LinkedHashMap<>();
            events.forEach(event -> byCommand.computeIfAbsent(String.valueOf(event.getCausationId()), id -> new ArrayList<>()).add(event));
            recordedTurns.put(session, byCommand);
        });
        Map<String, Integer> turns = new ConcurrentHashMap<>();
        Map<String, Change> changes = new ConcurrentHashMap<>();
        try (RerunOutput output = new RerunOutput(rerun.eventsFile, ORIGIN); RerunWorkers workers = new RerunWorkers(serdes, rerun.threads)) {
            log.commands(record -> workers.submit(record.key(), offline -> {
                if (changes.containsKey(record.key()) || !log.decided(record)) {
                    return;
                }
                Optional<Command> read = offline.read(record);
                if (read.isEmpty()) {
                    return;
                }
                Command command = read.get();
                String commandBot = Topics.botKey(command.getCompany(), command.getBotId());
                offline.useBot(commandBot, commandBot.equals(botKey) ? tried
                        : log.versionAt(commandBot, record.timestamp()).map(Map.Entry::getValue).orElse(null));
                List<ConversationEvent> decided = offline.run(record, command);
                output.write(decided);
                // A redelivered command was decided once: its second run is compared with nothing.
                List<ConversationEvent> recorded = Optional.ofNullable(recordedTurns.get(record.key()).remove(command.getCommandId()))
                        .orElse(List.of());
                int turn = turns.merge(record.key(), 1, Integer::sum);
                Map<String, String> aspects = TurnOutcome.of(recorded).changesTo(TurnOutcome.of(decided));
                if (!aspects.isEmpty()) {
                    changes.put(record.key(), new Change(record.key(), turn, said(recorded), command.getIssuedAt(), aspects));
                }
            }));
        }
        // Listed in the log's order of conversations, whichever thread found them.
        List<Change> found = log.events().keySet().stream().map(changes::get).filter(java.util.Objects::nonNull).toList();
        report(botKey, triedName, log.events().size(), found);
        return found.isEmpty() ? 0 : 1;
    }

    private void report(String botKey, String triedName, int conversations, List<Change> changes) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("# parley audit what-if: %s %s against recorded conversations, offline; not live traffic%n", botKey, triedName);
        changes.stream().limit(show).forEach(change -> {
            out.printf("session %s changes at turn %d%s (%s):%n", change.session(), change.turn(),
                    change.said() == null ? "" : ", \"" + change.said() + "\"", change.at());
            change.aspects().forEach((aspect, what) -> out.printf("  %-7s %s%n", aspect + ":", what));
        });
        if (changes.size() > show) {
            out.printf("(%,d more changed conversations not listed; --show sets how many)%n", changes.size() - show);
        }
        out.printf("%,d conversations, %,d changed (%.1f%%)%n", conversations, changes.size(),
                conversations == 0 ? 0.0 : 100.0 * changes.size() / conversations);
        Map<String, Long> common = new HashMap<>();
        changes.forEach(change -> change.aspects().forEach((aspect, what) -> common.merge(aspect + ": " + what, 1L, Long::sum)));
        if (!common.isEmpty()) {
            out.println("most common changes:");
            common.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(5)
                    .forEach(entry -> out.printf("  %,d× %s%n", entry.getValue(), entry.getKey()));
        }
        out.flush();
    }

    private static String said(List<ConversationEvent> events) {
        return events.stream().map(ConversationEvent::getPayload).filter(UserSaid.class::isInstance)
                .map(payload -> ((UserSaid) payload).getText()).findFirst().orElse(null);
    }

    private byte[] keptVersion(RecordedLog log, String botKey) {
        return log.version(botKey, candidate.version).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "bot %s has no kept version %d; kept: %s".formatted(botKey, candidate.version, log.versions(botKey))));
    }

    /** The file read and trained as publishing does, for the selected bot; written as the log holds bots. */
    private byte[] fromFile(RegistrySerdes serdes, String botKey) {
        Optional<SentenceEncoder> sentences = "none".equalsIgnoreCase(encoder) ? Optional.empty()
                : Optional.of(OnnxSentenceEncoder.shared(OnnxSentenceEncoder.Model.named(encoder), 1));
        String yaml;
        try {
            yaml = Files.readString(candidate.file);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read " + candidate.file
                    + (Files.exists(candidate.file) ? "" : ": no such file"));
        }
        BotDefinition bot;
        try {
            bot = new BotFileReader(new IntentTrainer(sentences)).read(candidate.file.getFileName().toString(), yaml, Instant.now());
        } catch (InvalidBotException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (!Topics.botKey(bot.getCompany(), bot.getBotId()).equals(botKey)) {
            throw new ParameterException(spec.commandLine(), "%s defines bot %s, not %s".formatted(candidate.file,
                    Topics.botKey(bot.getCompany(), bot.getBotId()), botKey));
        }
        return serdes.valueSerde(Topics.BOTS).serializer().serialize(Topics.BOTS.name(), bot);
    }
}
