package io.parley.audit.rerun;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;

import io.parley.audit.Cluster;
import io.parley.audit.Selection;
import io.parley.avro.Command;
import io.parley.avro.CommandRejected;
import io.parley.avro.ConversationEvent;
import io.parley.avro.ReplyStatus;
import io.parley.topics.RegistrySerdes;
import io.parley.topics.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./parley audit replay}: re-runs the recorded commands of the selected conversations through the
 * engine's own topology, offline, each under the bot version its events name, and compares the events
 * it decides with the recorded ones. Proves that the log explains every event; writes to no topic.
 */
@CommandLine.Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Re-run recorded conversations through the engine, offline, each command under the bot version that decided it, "
                + "and compare the events with the recorded ones. Writes to no topic.",
                "Exit status: 0 when every event is the same, 1 when a conversation diverges, 2 for a wrong option."})
public final class AuditReplay implements Callable<Integer> {

    static final String ORIGIN = "replay";

    @Mixin
    Cluster cluster;

    @Mixin
    Selection selection;

    @Mixin
    RerunOptions rerun;

    @Spec
    CommandSpec spec;

    /** How a session's re-run compares with its record so far. */
    private static final class SessionCheck {
        final List<ConversationEvent> recorded;
        /** Commands the engine had not decided when reading began: their events may or may not be in the log yet. */
        final Set<String> pending = new HashSet<>();
        int matched;
        String divergence;

        SessionCheck(List<ConversationEvent> recorded) {
            this.recorded = recorded;
        }
    }

    @Override
    public Integer call() throws IOException {
        RegistrySerdes serdes = cluster.serdes();
        try {
            selection.resolve(cluster.bootstrap(), serdes);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        long started = System.nanoTime();
        RecordedLog log = RecordedLog.read(cluster, selection, rerun.engineId);
        double readSeconds = (System.nanoTime() - started) / 1e9;
        Map<String, SessionCheck> sessions = new LinkedHashMap<>();
        log.events().forEach((session, events) -> sessions.put(session, new SessionCheck(events)));
        LongAdder commands = new LongAdder();
        LongAdder events = new LongAdder();
        try (RerunOutput output = new RerunOutput(rerun.eventsFile, ORIGIN); RerunWorkers workers = new RerunWorkers(serdes, rerun.threads)) {
            log.commands(record -> workers.submit(record.key(), offline -> {
                SessionCheck check = sessions.get(record.key());
                if (check.divergence != null) {
                    return;
                }
                Optional<Command> read = offline.read(record);
                if (read.isEmpty()) {
                    // Unreadable: the engine dead-lettered it and decided nothing, nor does the re-run.
                    return;
                }
                Command command = read.get();
                if (!log.decided(record)) {
                    check.pending.add(command.getCommandId());
                    return;
                }
                String botKey = Topics.botKey(command.getCompany(), command.getBotId());
                Optional<Long> recordedVersion = log.recordedVersion(command.getCommandId());
                if (recordedVersion.isPresent() && log.version(botKey, recordedVersion.get()).isEmpty()) {
                    check.divergence = """
                              at command %s (%s)
                              why: it was decided under version %d of bot %s, which parley.bot-versions.v1 does not hold \
                            (published before versions were kept, or past the audit retention)"""
                            .formatted(command.getCommandId(), command.getIssuedAt(), recordedVersion.get(), botKey);
                    return;
                }
                // Events that name no version are older than version naming: the version then in force decided them.
                Optional<byte[]> definition = recordedVersion.flatMap(version -> log.version(botKey, version))
                        .or(() -> log.versionAt(botKey, record.timestamp()).map(Map.Entry::getValue));
                if (definition.isEmpty() && !botWasMissing(check, command)) {
                    check.divergence = """
                              at command %s (%s)
                              why: bot %s decided it before any of its versions was kept in parley.bot-versions.v1 \
                            (published before versions were kept): there is no version to re-run it under"""
                            .formatted(command.getCommandId(), command.getIssuedAt(), botKey);
                    return;
                }
                offline.useBot(botKey, definition.orElse(null));
                List<ConversationEvent> decided = offline.run(record, command);
                output.write(decided);
                commands.increment();
                for (ConversationEvent event : decided) {
                    if (!compare(check, event)) {
                        return;
                    }
                    events.increment();
                }
            }));
        }
        sessions.values().stream().filter(check -> check.divergence == null && check.matched < check.recorded.size()
                        && !check.recorded.subList(check.matched, check.recorded.size()).stream()
                        .allMatch(event -> check.pending.contains(event.getCausationId())))
                .forEach(check -> check.divergence = divergence(check, null));
        double seconds = (System.nanoTime() - started) / 1e9;
        PrintWriter out = spec.commandLine().getOut();
        out.println("# parley audit replay: a re-run from the log, offline; not live traffic");
        long divergent = sessions.entrySet().stream().filter(entry -> entry.getValue().divergence != null).peek(entry ->
                out.printf("session %s diverges%n%s%n", entry.getKey(), entry.getValue().divergence)).count();
        out.printf("%,d sessions, %,d commands, %,d events compared: %,d divergent%n", sessions.size(), commands.sum(), events.sum(), divergent);
        spec.commandLine().getErr().printf("read the versions and recorded events in %.1f s; re-ran %,d commands in %.1f s (%,.0f commands/s)%n",
                readSeconds, commands.sum(), seconds - readSeconds, commands.sum() / (seconds - readSeconds));
        out.flush();
        return divergent == 0 ? 0 : 1;
    }

    /** Whether the log says the engine found no bot for this command: then none is what it is re-run under. */
    private static boolean botWasMissing(SessionCheck check, Command command) {
        ConversationEvent next = check.matched < check.recorded.size() ? check.recorded.get(check.matched) : null;
        return next != null && command.getCommandId().equals(next.getCausationId())
                && next.getPayload() instanceof CommandRejected rejected && rejected.getStatus() == ReplyStatus.BOT_NOT_FOUND;
    }

    /** Matches the next recorded event of the session; records the divergence and says false when it differs. */
    private static boolean compare(SessionCheck check, ConversationEvent decided) {
        ConversationEvent recorded = check.matched < check.recorded.size() ? check.recorded.get(check.matched) : null;
        if (recorded != null && recorded.getBotVersion() == null) {
            // Recorded before events named their version: the rest must match.
            decided = ConversationEvent.newBuilder(decided).setBotVersion(null).build();
        }
        if (recorded == null || !recorded.equals(decided)) {
            check.divergence = divergence(check, decided);
            return false;
        }
        check.matched++;
        return true;
    }

    private static String divergence(SessionCheck check, ConversationEvent decided) {
        ConversationEvent recorded = check.matched < check.recorded.size() ? check.recorded.get(check.matched) : null;
        ConversationEvent either = recorded != null ? recorded : decided;
        return """
                  at event %d of %d recorded (command %s, %s)
                  recorded: %s
                  re-run:   %s
                  why: %s""".formatted(check.matched + 1, check.recorded.size(), either.getCausationId(), either.getOccurredAt(),
                RerunOutput.line(recorded), RerunOutput.line(decided), Differences.why(recorded, decided));
    }
}
