package io.parley.localstack;

import static io.parley.localstack.AuditTool.audit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.parley.avro.BotMessage;
import io.parley.avro.BotSaid;
import io.parley.avro.ConversationEvent;
import io.parley.avro.MessageType;
import io.parley.topics.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An auditor's questions, asked of what the running services recorded: what the bot said and under
 * which version (export), whether the log explains it (replay, also after the bot is republished), and
 * which conversations a new version would change (what-if).
 */
class AuditTest {

    private static final JsonMapper json = JsonMapper.builder().build();
    private static final String PRICE_V1 = "Parley is open source: it costs what your Kafka cluster costs.";
    private static final String PRICE_V2 = "Parley costs nothing; your Kafka cluster is the bill.";

    private static RunningParley parley;
    /** Each test's own bot: one test republishes it. */
    private long botId;
    private String bot;
    private String v1Yaml;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        parley = RunningParley.get();
    }

    @BeforeEach
    void publishTheFirstVersion() throws Exception {
        botId = ThreadLocalRandom.current().nextLong(100_000, 1_000_000_000);
        bot = "parley-demo/" + botId;
        v1Yaml = Files.readString(Path.of("..", "bots", "parley-demo-1.yaml")).replace("botId: 1\n", "botId: " + botId + "\n");
        parley.publish(v1Yaml);
    }

    @Test
    void whatTheBotSaidIsExportedAndReRunUnderItsOwnVersionAfterTheBotIsRepublished() throws Exception {
        String session = conversation(PRICE_V1);
        Path out = dir.resolve("said.jsonl");
        AuditTool.Run export = audit("export", "--session", session, "--kind", "UserSaid,BotSaid", "-o", out.toString());
        assertThat(export.status()).as(export.toString()).isZero();
        List<JsonNode> lines = Files.readAllLines(out).stream().map(json::readTree).toList();
        assertThat(lines).extracting(line -> line.path("kind").asString()).startsWith("BotSaid", "UserSaid").containsOnly("BotSaid", "UserSaid");
        assertThat(lines).filteredOn(line -> line.path("kind").asString().equals("UserSaid"))
                .extracting(line -> line.path("payload").path("text").asString()).containsExactly("how much does it cost", "goodbye");
        assertThat(lines).extracting(line -> line.path("payload").path("messages").path(0).path("content").asString()).contains(PRICE_V1);
        long v1 = lines.get(0).path("botVersion").asLong();
        assertThat(lines).allSatisfy(line -> assertThat(line.path("botVersion").asLong()).isEqualTo(v1));

        assertReRunsWithoutDivergence("--session", session);

        // The author changes the price answer and publishes: new conversations get the new answer...
        String v2Yaml = v1Yaml.replace(PRICE_V1.replace("Parley", "{{product}}"), PRICE_V2.replace("Parley", "{{product}}"));
        assertThat(v2Yaml).isNotEqualTo(v1Yaml);
        parley.publish(v2Yaml);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(conversationSays()).contains(PRICE_V2));

        // ...and the old one still re-runs under the version that decided it.
        assertReRunsWithoutDivergence("--session", session);
        assertReRunsWithoutDivergence("--bot", bot);

        // What the new version would have told the first user, asked of the version as published.
        String later = conversation(PRICE_V2);
        Path laterEvents = dir.resolve("later.jsonl");
        assertThat(audit("export", "--session", later, "--kind", "BotSaid", "-o", laterEvents.toString()).status()).isZero();
        long v2 = json.readTree(Files.readAllLines(laterEvents).get(0)).path("botVersion").asLong();
        assertThat(v2).isGreaterThan(v1);
        AuditTool.Run whatIf = audit("what-if", "--bot", bot, "--version", Long.toString(v2), "--session", session);
        assertThat(whatIf.status()).as(whatIf.toString()).isEqualTo(1);
        assertThat(whatIf.out()).contains("session " + session + " changes at turn 2, \"how much does it cost\"")
                .contains("→ \"" + PRICE_V2).contains("1 conversations, 1 changed");
        AuditTool.Run sameAsRecorded = audit("what-if", "--bot", bot, "--version", Long.toString(v1), "--session", session);
        assertThat(sameAsRecorded.status()).as(sameAsRecorded.toString()).isZero();
    }

    @Test
    void whatIfReportsTheConversationsAnotherVersionWouldChange() throws Exception {
        String changed = conversation(PRICE_V1);
        String unchanged = conversationWithout();
        Path v2 = dir.resolve("v2.yaml");
        Files.writeString(v2, v1Yaml.replace(PRICE_V1.replace("Parley", "{{product}}"), PRICE_V2.replace("Parley", "{{product}}")));
        Path events = dir.resolve("what-if.jsonl");

        AuditTool.Run whatIf = audit("what-if", "--bot", bot, "--file", v2.toString(), "--from", Instant.now().minusSeconds(600).toString(),
                "--events", events.toString());

        assertThat(whatIf.status()).as(whatIf.toString()).isEqualTo(1);
        assertThat(whatIf.out()).contains("session " + changed + " changes at turn 2, \"how much does it cost\"")
                .contains("answer: \"" + PRICE_V1 + " / Anything else?\" → \"" + PRICE_V2 + " / Anything else?\"")
                .doesNotContain("session " + unchanged)
                .containsPattern("most common changes:\\n\\s+\\d+× answer: \"" + PRICE_V1.replace(".", "\\."));
        assertThat(whatIf.out()).containsPattern("\\d+ conversations, \\d+ changed");
        // The re-run's events are marked: no one takes them for live traffic.
        assertThat(Files.readAllLines(events)).isNotEmpty()
                .allSatisfy(line -> assertThat(json.readTree(line).path("origin").asString()).isEqualTo("what-if"));

        AuditTool.Run sameVersion = audit("what-if", "--bot", bot, "--file", dir.resolve("v1.yaml").toString());
        assertThat(sameVersion.status()).as("a missing file").isEqualTo(2);
        Files.writeString(dir.resolve("v1.yaml"), v1Yaml);
        AuditTool.Run same = audit("what-if", "--session", unchanged, "--bot", bot, "--file", dir.resolve("v1.yaml").toString());
        assertThat(same.status()).as(same.toString()).isZero();
        assertThat(same.out()).contains("1 conversations, 0 changed");
        assertThat(audit("what-if", "--bot", "parley-demo/1", "--file", v2.toString()).err()).contains("defines bot " + bot);
        assertThat(audit("what-if", "--bot", bot, "--version", "42").err()).contains("has no kept version 42");
    }

    @Test
    void aLogThatTheCommandsDoNotExplainIsReportedAsDivergent() throws Exception {
        String session = conversation(PRICE_V1);
        ConversationEvent forged = ConversationEvent.newBuilder()
                .setEventId("forged/0").setSessionId(session).setCompany("parley-demo").setBotId(botId)
                .setOccurredAt(Instant.now()).setCausationId(parley.infra.values(Topics.EVENTS, session).get(0).getCausationId())
                .setPayload(new BotSaid("pricing", List.of(new BotMessage(MessageType.TEXT, "Everything is free forever.", List.of())), false))
                .build();
        parley.infra.send(Topics.EVENTS, session, forged);

        AuditTool.Run replay = audit("replay", "--session", session);

        assertThat(replay.status()).as(replay.toString()).isEqualTo(1);
        assertThat(replay.out()).contains("session " + session + " diverges")
                .contains("Everything is free forever.")
                .contains("why: the log holds an event the re-run did not decide")
                .contains("1 divergent");
    }

    private static void assertReRunsWithoutDivergence(String... selection) {
        AuditTool.Run replay = audit("replay", selection);
        assertThat(replay.status()).as(replay.toString()).isZero();
        assertThat(replay.out()).containsPattern("[1-9][\\d,]* sessions, [1-9][\\d,]* commands, [1-9][\\d,]* events compared: 0 divergent");
    }

    /** A TALKR conversation: the welcome, a price question, and goodbye; returns its session. */
    private String conversation(String expectedPrice) throws Exception {
        Talkr.Conversation conversation = new Talkr(parley, botId).start();
        assertThat(conversation.say("how much does it cost")).contains(expectedPrice);
        conversation.say("goodbye");
        return conversation.session;
    }

    /** A conversation that never asks the price: another version of the price answer does not change it. */
    private String conversationWithout() throws Exception {
        Talkr.Conversation conversation = new Talkr(parley, botId).start();
        conversation.say("how does it work");
        return conversation.session;
    }

    private List<String> conversationSays() throws Exception {
        return new Talkr(parley, botId).start().say("how much does it cost");
    }
}
