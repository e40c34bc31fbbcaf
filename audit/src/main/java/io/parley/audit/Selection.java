package io.parley.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.parley.avro.ConversationEvent;
import io.parley.topics.RegistrySerdes;
import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.Option;

/** Which conversations an audit command reads: by session, bot, project and time. */
public final class Selection {

    @Option(names = "--session", description = "Only this conversation (Parley's session id).")
    String session;

    @Option(names = "--bot", description = "Only conversations of this bot, as company/botId.")
    String bot;

    @Option(names = "--project", description = "Only conversations of this project's bots (TalkLift project_id).")
    Long project;

    @Option(names = "--from", description = "Only events at or after this time (ISO-8601, e.g. 2026-03-03T00:00:00Z); "
            + "replay and what-if take each conversation with such an event whole.")
    Instant from;

    @Option(names = "--to", description = "Only events before this time (ISO-8601).")
    Instant to;

    /** The project's bots, once {@link #resolve} has read them. */
    private Set<String> projectBots;

    /** Reads what the options name indirectly; fails with a message for the user when a project owns no bot. */
    public Selection resolve(String bootstrap, RegistrySerdes serdes) {
        projectBots = project == null ? null : ProjectBots.of(bootstrap, serdes, project);
        return this;
    }

    public String session() {
        return session;
    }

    public String bot() {
        return bot;
    }

    public Instant from() {
        return from;
    }

    /** Whether the options select conversations by time. */
    public boolean timed() {
        return from != null || to != null;
    }

    /** Whether the session, bot and project options take conversations of this bot in this session. */
    public boolean takes(String sessionId, String company, long botId) {
        String botKey = Topics.botKey(company, botId);
        return (session == null || session.equals(sessionId))
                && (bot == null || bot.equals(botKey))
                && (projectBots == null || projectBots.contains(botKey));
    }

    /** Whether the event is selected, time included. */
    public boolean takes(ConversationEvent event) {
        return takes(event.getSessionId(), event.getCompany(), event.getBotId()) && inTime(event.getOccurredAt());
    }

    public boolean inTime(Instant at) {
        return (from == null || !at.isBefore(from)) && (to == null || at.isBefore(to));
    }

    /** The partitions of a session-keyed topic that can hold the selection: one when a session is named. */
    public List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        List<TopicPartition> all = TopicReader.partitions(consumer, topic);
        if (session == null) {
            return all;
        }
        int partition = Utils.toPositive(Utils.murmur2(session.getBytes(StandardCharsets.UTF_8))) % all.size();
        return List.of(all.get(partition));
    }
}
