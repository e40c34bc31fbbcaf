package io.parley.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.parley.avro.BotMessage;
import io.parley.avro.BotSaid;
import io.parley.avro.ConversationEvent;
import io.parley.avro.MessageType;
import io.parley.avro.UserSaid;
import io.parley.infra.SharedTestInfrastructure;
import io.parley.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code ./parley audit export} against the real broker and registry, on events written as the engine writes them. */
@Timeout(120) // an export that never reaches the end of its range (a commit marker at the tail) fails instead of hanging
class AuditExportTest {

    private static final JsonMapper json = JsonMapper.builder().build();
    private static final Instant MARCH_3 = Instant.parse("2026-03-03T09:00:00Z");
    private static final String COMPANY = "audit-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String ALICE = COMPANY + ":7:alice";
    private static final String BOB = COMPANY + ":7:bob";

    @TempDir
    Path dir;

    @BeforeAll
    static void recordTwoConversations() throws Exception {
        SharedTestInfrastructure infra = SharedTestInfrastructure.get();
        // As the engine writes them: each turn's events in a transaction, whose commit marker takes an offset.
        var serializer = infra.newSerdes().valueSerde(Topics.EVENTS).serializer();
        try (KafkaProducer<String, byte[]> engine = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "audit-test-" + UUID.randomUUID()), new StringSerializer(), new ByteArraySerializer())) {
            engine.initTransactions();
            for (String session : List.of(ALICE, BOB)) {
                List<ConversationEvent> turn1 = List.of(
                        event(session, "c1/0", MARCH_3, new UserSaid("what does it cost?", "welcome", null, null)),
                        event(session, "c1/1", MARCH_3, new BotSaid("pricing", List.of(new BotMessage(MessageType.TEXT, "It is free.", List.of())), false)));
                List<ConversationEvent> turn2 = List.of(
                        event(session, "c2/0", MARCH_3.plusSeconds(86_400), new UserSaid("thanks", "pricing", null, null)));
                for (List<ConversationEvent> turn : List.of(turn1, turn2)) {
                    engine.beginTransaction();
                    for (ConversationEvent event : turn) {
                        engine.send(new ProducerRecord<>(Topics.EVENTS.name(), session, serializer.serialize(Topics.EVENTS.name(), event)));
                    }
                    engine.commitTransaction();
                }
            }
        }
    }

    @Test
    void oneConversationsEventsOnOneDayAreExportedAsJsonLines() throws Exception {
        Path out = dir.resolve("alice.jsonl");
        assertThat(run("--session", ALICE, "--from", "2026-03-03T00:00:00Z", "--to", "2026-03-04T00:00:00Z", "-o", out.toString()))
                .isZero();

        List<JsonNode> lines = Files.readAllLines(out).stream().map(json::readTree).toList();
        assertThat(lines).extracting(line -> line.path("kind").asString()).containsExactly("UserSaid", "BotSaid");
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.path("sessionId").asString()).isEqualTo(ALICE);
            assertThat(line.path("botVersion").asLong()).isEqualTo(1_700_000_000_000L);
        });
        assertThat(lines.get(0).path("payload").path("text").asString()).isEqualTo("what does it cost?");
        assertThat(lines.get(0).path("occurredAt").asString()).isEqualTo("2026-03-03T09:00:00Z");
        assertThat(lines.get(1).path("payload").path("messages").get(0).path("content").asString()).isEqualTo("It is free.");
        assertThat(lines.get(1).path("payload").path("messages").get(0).path("type").asString()).isEqualTo("TEXT");
    }

    @Test
    void aBotsConversationsAreFilteredByKind() throws Exception {
        Path out = dir.resolve("said.jsonl");
        assertThat(run("--bot", COMPANY + "/7", "--kind", "UserSaid", "-o", out.toString())).isZero();

        List<JsonNode> lines = Files.readAllLines(out).stream().map(json::readTree).toList();
        assertThat(lines).hasSize(4).allSatisfy(line -> assertThat(line.path("kind").asString()).isEqualTo("UserSaid"));
        assertThat(lines).extracting(line -> line.path("sessionId").asString()).containsOnly(ALICE, BOB);
    }

    @Test
    void theSameSelectionComesAsCsvOrAsAnAvroContainerFileThatOtherToolsRead() throws Exception {
        Path csv = dir.resolve("alice.csv");
        assertThat(run("--session", ALICE, "--format", "csv", "-o", csv.toString())).isZero();
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.get(0)).isEqualTo("eventId,sessionId,company,botId,botVersion,occurredAt,causationId,kind,payload");
        assertThat(rows).hasSize(4);
        assertThat(rows.get(1)).startsWith("c1/0," + ALICE + "," + COMPANY + ",7,1700000000000,2026-03-03T09:00:00Z,c1,UserSaid,")
                .contains("\"\"text\"\":\"\"what does it cost?\"\"");

        Path avro = dir.resolve("alice.avro");
        assertThat(run("--session", ALICE, "--format", "AVRO", "-o", avro.toString())).isZero();
        try (DataFileReader<ConversationEvent> file = new DataFileReader<>(avro.toFile(), new SpecificDatumReader<>(ConversationEvent.class))) {
            List<ConversationEvent> read = new java.util.ArrayList<>();
            file.forEach(read::add);
            assertThat(read).extracting(ConversationEvent::getEventId).containsExactly("c1/0", "c1/1", "c2/0");
            assertThat(((UserSaid) read.get(0).getPayload()).getText()).isEqualTo("what does it cost?");
        }
    }

    @Test
    void anExportStoppedAfterSomeEventsAndResumedEqualsOneWholeExport() throws Exception {
        Path whole = dir.resolve("whole.jsonl");
        assertThat(run("--bot", COMPANY + "/7", "-o", whole.toString())).isZero();
        Path first = dir.resolve("first.jsonl");
        StringWriter said = new StringWriter();
        assertThat(run(new PrintWriter(said, true), "--bot", COMPANY + "/7", "--limit", "2", "-o", first.toString())).isZero();
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("--resume (\\S+)").matcher(said.toString());
        assertThat(token.find()).as(said.toString()).isTrue();
        Path rest = dir.resolve("rest.jsonl");
        assertThat(run("--bot", COMPANY + "/7", "--resume", token.group(1), "-o", rest.toString())).isZero();

        List<String> parts = new java.util.ArrayList<>(Files.readAllLines(first));
        assertThat(parts).hasSize(2);
        parts.addAll(Files.readAllLines(rest));
        assertThat(parts).hasSize(6).containsExactlyInAnyOrderElementsOf(Files.readAllLines(whole));
        assertThat(run("--resume", "not a token", "-o", rest.toString())).isEqualTo(2);
    }

    @Test
    void aProjectsConversationsAreThoseOfItsBots() throws Exception {
        long projectId = java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 1_000_000_000);
        SharedTestInfrastructure.get().send(Topics.PROJECT_WEBHOOKS, "project:" + projectId, io.parley.avro.ProjectWebhook.newBuilder()
                .setProjectId(projectId).setOrgId(1).setBots(List.of(COMPANY + "/7")).build());
        Path out = dir.resolve("project.jsonl");
        assertThat(run("--project", Long.toString(projectId), "-o", out.toString())).isZero();
        assertThat(Files.readAllLines(out)).hasSize(6);
        assertThat(run("--project", "0", "-o", out.toString())).as("a project that owns nothing").isEqualTo(2);
    }

    @Test
    void theHelpListsEveryCommandAndOption() {
        assertThat(help("audit")).contains("export", "replay", "what-if");
        assertThat(help("audit", "export")).contains("--bootstrap", "--registry", "--session", "--bot", "--project", "--from", "--to",
                "--kind", "--output", "--format", "--limit", "--resume", "--[no-]progress");
        assertThat(help("audit", "replay")).contains("--bootstrap", "--registry", "--session", "--bot", "--project", "--from", "--to",
                "--engine-id", "--events", "Exit status");
        assertThat(help("audit", "what-if")).contains("--bootstrap", "--registry", "--session", "--bot", "--project", "--from", "--to",
                "--engine-id", "--version", "--file", "--encoder", "--show", "--events", "Exit status");
    }

    @Test
    void aProgressBarSaysHowFarTheExportIsWhenAskedFor() throws Exception {
        java.io.ByteArrayOutputStream bar = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stderr = System.err;
        System.setErr(new java.io.PrintStream(bar, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertThat(run("--bot", COMPANY + "/7", "--progress", "-o", dir.resolve("bar.jsonl").toString())).isZero();
        } finally {
            System.setErr(stderr);
        }
        assertThat(bar.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("export", "100%", "6 events exported", "records/s");

        java.io.ByteArrayOutputStream quiet = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(quiet, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertThat(run("--bot", COMPANY + "/7", "-o", dir.resolve("quiet.jsonl").toString())).isZero();
        } finally {
            System.setErr(stderr);
        }
        assertThat(quiet.toString(java.nio.charset.StandardCharsets.UTF_8)).as("stderr is no terminal here").doesNotContain("%");
    }

    private static String help(String... command) {
        StringWriter help = new StringWriter();
        CommandLine cli = ParleyCli.commandLine();
        cli.setOut(new PrintWriter(help));
        List<String> args = new java.util.ArrayList<>(List.of(command));
        args.add("--help");
        assertThat(cli.execute(args.toArray(String[]::new))).isZero();
        return help.toString();
    }

    private static int run(String... options) {
        return run(new PrintWriter(System.err, true), options);
    }

    private static int run(PrintWriter err, String... options) {
        SharedTestInfrastructure infra = SharedTestInfrastructure.get();
        List<String> args = new java.util.ArrayList<>(List.of("audit", "export", "--bootstrap", infra.bootstrapServers(),
                "--registry", infra.registryUrl()));
        args.addAll(List.of(options));
        CommandLine cli = ParleyCli.commandLine();
        cli.setErr(err);
        return cli.execute(args.toArray(String[]::new));
    }

    private static ConversationEvent event(String session, String id, Instant at, Object payload) {
        return ConversationEvent.newBuilder()
                .setEventId(id)
                .setSessionId(session)
                .setCompany(COMPANY)
                .setBotId(7)
                .setOccurredAt(at)
                .setCausationId(id.substring(0, 2))
                .setBotVersion(1_700_000_000_000L)
                .setPayload(payload)
                .build();
    }
}
