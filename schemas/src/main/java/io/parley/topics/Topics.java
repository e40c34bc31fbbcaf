package io.parley.topics;

import java.time.Duration;
import java.util.List;

import io.parley.avro.AccountRecord;
import io.parley.avro.AiRequest;
import io.parley.avro.BotDefinition;
import io.parley.avro.BotMetrics;
import io.parley.avro.BotReply;
import io.parley.avro.Command;
import io.parley.avro.ConversationEvent;
import io.parley.avro.DeliveryReceipt;
import io.parley.avro.DocumentRequest;
import io.parley.avro.ProjectWebhook;
import io.parley.avro.SessionEntry;
import io.parley.avro.SlotFilling;
import io.parley.avro.SpokenAnswer;
import io.parley.avro.WebhookRequest;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The registry of Parley's topics: the only place their names are spelled. Every conversation
 * topic is keyed by session id so a conversation's records share a partition and stay in order.
 */
public final class Topics {

    /**
     * A header marking a record that is not live traffic: {@code replay} or {@code what-if}, as the audit
     * tool marks what it re-runs. The audit tool writes to no topic; a tool that writes such records back
     * must set it, and analytics leaves them out of every figure.
     */
    public static final String ORIGIN_HEADER = "parley-origin";

    /** A dead-letter topic's name is its source's with this suffix (also the retrying senders', {@link RetryTopics}). */
    public static final String DEAD_LETTER_SUFFIX = "-dlt";

    /**
     * How long an audit can go back: the events, the commands that caused them (a re-run reads those)
     * and every bot version are kept this long.
     */
    public static final Duration AUDIT_RETENTION = Duration.ofDays(365);

    /** Bot definitions, keyed by {@code company/botId}; read by the engine as a global table. */
    public static final Topic<String, BotDefinition> BOTS =
            new Topic<>("parley.bots.v1", Serdes::String, BotDefinition.class, Topic.Retention.COMPACTED, null);

    /** What callers ask of conversations. */
    public static final Topic<String, Command> COMMANDS =
            new Topic<>("parley.commands.v1", Serdes::String, Command.class, Topic.Retention.TIME_BOUNDED, AUDIT_RETENTION);

    /** The audit log of conversations: kept long, replayable. */
    public static final Topic<String, ConversationEvent> EVENTS =
            new Topic<>("parley.events.v1", Serdes::String, ConversationEvent.class, Topic.Retention.TIME_BOUNDED, AUDIT_RETENTION);

    /**
     * Every version of every bot ever published, keyed {@code company/botId/version} (the version is
     * its publication time in epoch milliseconds), kept as long as the events that name it: the bots
     * topic keeps only the latest, and an auditor re-running an old conversation needs the version
     * that decided it.
     */
    public static final Topic<String, BotDefinition> BOT_VERSIONS =
            new Topic<>("parley.bot-versions.v1", Serdes::String, BotDefinition.class, Topic.Retention.TIME_BOUNDED, AUDIT_RETENTION);

    /**
     * The engine's answers, read by ingest (request-reply) and delivery (push). The broker stamps each
     * when it is appended, so analytics reads a turn's latency off the log: that stamp minus the
     * command's issuedAt.
     */
    public static final Topic<String, BotReply> REPLIES =
            new Topic<>("parley.replies.v1", Serdes::String, BotReply.class, Topic.Retention.TIME_BOUNDED, Duration.ofDays(1))
                    .stampedOnAppend();

    /**
     * Replies to send through Messenger's Send API, handed over by delivery's reply dispatcher, so the
     * sender and its retries read only Messenger's traffic; its retry and dead-letter topics take this name.
     */
    public static final Topic<String, BotReply> MESSENGER_OUTBOX =
            new Topic<>("parley.messenger-outbox.v1", Serdes::String, BotReply.class, Topic.Retention.TIME_BOUNDED, Duration.ofDays(1));

    /** Later telephony messages to post to the call's callback URL, handed over by delivery's reply dispatcher. */
    public static final Topic<String, BotReply> TELEPHONY_OUTBOX =
            new Topic<>("parley.telephony-outbox.v1", Serdes::String, BotReply.class, Topic.Retention.TIME_BOUNDED, Duration.ofDays(1));

    /** Calls to customers' webhooks, made by delivery. */
    public static final Topic<String, WebhookRequest> WEBHOOKS =
            new Topic<>("parley.webhooks.v1", Serdes::String, WebhookRequest.class, Topic.Retention.TIME_BOUNDED, Duration.ofDays(7));

    /** Live sessions, so any instance can tell whether a session exists and whose it is; a tombstone closes one. */
    public static final Topic<String, SessionEntry> SESSIONS =
            new Topic<>("parley.sessions.v1", Serdes::String, SessionEntry.class, Topic.Retention.COMPACTED, null);

    /**
     * Every session's module in progress (the slots store's content), keyed by its story-state id, so
     * the customer's slot feedback, which names only that id, finds its session; a tombstone ends one.
     */
    public static final Topic<String, SlotFilling> SLOT_STATES =
            new Topic<>("parley.slot-states.v1", Serdes::String, SlotFilling.class, Topic.Retention.COMPACTED, null);

    /** Organisations, projects, users and API tokens (hashed), kept as the latest version of each. */
    public static final Topic<String, AccountRecord> ACCOUNTS =
            new Topic<>("parley.accounts.v1", Serdes::String, AccountRecord.class, Topic.Retention.COMPACTED, null);

    /**
     * Each project's webhook and bots, keyed {@code project:<id>}: what delivery needs to call
     * customers' webhooks, so that it never reads the accounts (users, password hashes, tokens).
     */
    public static final Topic<String, ProjectWebhook> PROJECT_WEBHOOKS =
            new Topic<>("parley.project-webhooks.v1", Serdes::String, ProjectWebhook.class, Topic.Retention.COMPACTED, null);

    /** Answers the engine needs from an AI endpoint, fetched by delivery. */
    public static final Topic<String, AiRequest> AI_REQUESTS =
            new Topic<>("parley.ai.v1", Serdes::String, AiRequest.class, Topic.Retention.TIME_BOUNDED, Duration.ofDays(7));

    /** Documents users sent by URL, fetched and read by delivery. */
    public static final Topic<String, DocumentRequest> DOCUMENTS =
            new Topic<>("parley.documents.v1", Serdes::String, DocumentRequest.class, Topic.Retention.TIME_BOUNDED, Duration.ofDays(7));

    /**
     * Spoken answers (Botlhale speech_response_url), keyed by audio id. Kept one day: the URL is valid
     * for 24 hours, so the log's retention is what makes the audio gone afterwards.
     */
    public static final Topic<String, SpokenAnswer> SPEECH =
            new Topic<>("parley.speech.v1", Serdes::String, SpokenAnswer.class, Topic.Retention.TIME_BOUNDED, Duration.ofDays(1));

    /** The outcome of every push and outside call, for audit and analytics. */
    public static final Topic<String, DeliveryReceipt> DELIVERIES =
            new Topic<>("parley.deliveries.v1", Serdes::String, DeliveryReceipt.class, Topic.Retention.TIME_BOUNDED, Duration.ofDays(365));

    /**
     * Each bot's figures per window of 1 minute, 1 hour and 1 day, computed by analytics, for any
     * Kafka tool (ksqlDB, Flink, kcat) to read; kept as long as the daily figures are worth keeping.
     */
    public static final Topic<String, BotMetrics> BOT_METRICS =
            new Topic<>("parley.bot-metrics.v1", Serdes::String, BotMetrics.class, Topic.Retention.TIME_BOUNDED, Duration.ofDays(400));

    /** Commands the engine could not read, as they arrived, with the cause in headers. */
    public static final Topic<byte[], byte[]> COMMANDS_DLT = deadLetters(COMMANDS);

    /** Replies delivery could not read or record, with the cause in headers. */
    public static final Topic<byte[], byte[]> REPLIES_DLT = deadLetters(REPLIES);

    /** AI requests delivery could not read or answer, with the cause in headers. */
    public static final Topic<byte[], byte[]> AI_REQUESTS_DLT = deadLetters(AI_REQUESTS);

    /** Document requests delivery could not read or answer, with the cause in headers. */
    public static final Topic<byte[], byte[]> DOCUMENTS_DLT = deadLetters(DOCUMENTS);

    /** Messenger answers that failed for good (after their retries, or refused), with the cause in headers. */
    public static final Topic<byte[], byte[]> MESSENGER_OUTBOX_DLT = deadLetters(MESSENGER_OUTBOX);

    /** Telephony callbacks that failed for good, with the cause in headers. */
    public static final Topic<byte[], byte[]> TELEPHONY_OUTBOX_DLT = deadLetters(TELEPHONY_OUTBOX);

    /** Webhook calls that failed for good (after their retries, or refused), with the cause in headers. */
    public static final Topic<byte[], byte[]> WEBHOOKS_DLT = deadLetters(WEBHOOKS);

    /** Messenger answers waiting for another try: {@code parley.messenger-outbox.v1-retry-<delay ms>}. */
    public static final RetryTopics<BotReply> MESSENGER_OUTBOX_RETRIES =
            new RetryTopics<>(MESSENGER_OUTBOX, "-retry", RetryTopics.Numbering.DELAY, MESSENGER_OUTBOX_DLT);

    /** Telephony callbacks waiting for another try: {@code parley.telephony-outbox.v1-retry-<delay ms>}. */
    public static final RetryTopics<BotReply> TELEPHONY_OUTBOX_RETRIES =
            new RetryTopics<>(TELEPHONY_OUTBOX, "-retry", RetryTopics.Numbering.DELAY, TELEPHONY_OUTBOX_DLT);

    /** Webhook calls waiting for another try: {@code parley.webhooks.v1-webhook-retry-<index>}. */
    public static final RetryTopics<WebhookRequest> WEBHOOK_RETRIES =
            new RetryTopics<>(WEBHOOKS, "-webhook-retry", RetryTopics.Numbering.INDEX, WEBHOOKS_DLT);

    private Topics() {
    }

    /** Every topic Parley needs, in the order they are created. */
    public static List<Topic<?, ?>> all() {
        return List.of(BOTS, BOT_VERSIONS, COMMANDS, EVENTS, REPLIES, MESSENGER_OUTBOX, TELEPHONY_OUTBOX, WEBHOOKS, SESSIONS, SLOT_STATES, AI_REQUESTS, DOCUMENTS, SPEECH, DELIVERIES, ACCOUNTS,
                PROJECT_WEBHOOKS, BOT_METRICS, COMMANDS_DLT, REPLIES_DLT, AI_REQUESTS_DLT, DOCUMENTS_DLT, MESSENGER_OUTBOX_DLT, TELEPHONY_OUTBOX_DLT,
                WEBHOOKS_DLT);
    }

    /** The key of a bot on {@link #BOTS}: {@code company/botId}. */
    public static String botKey(String company, long botId) {
        return company + "/" + botId;
    }

    private static Topic<byte[], byte[]> deadLetters(Topic<?, ?> source) {
        return new Topic<>(source.name() + DEAD_LETTER_SUFFIX, Serdes::ByteArray, byte[].class,
                Topic.Retention.TIME_BOUNDED, Duration.ofDays(30));
    }
}
