package io.parley.analytics.conversations;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import io.parley.analytics.console.BotDirectory;
import io.parley.analytics.console.ConsoleAccounts;
import io.parley.analytics.console.ConsoleException;
import io.parley.analytics.console.Viewer;
import io.parley.avro.Channel;
import io.parley.avro.ConversationOutcome;
import io.parley.avro.ConversationSummary;
import io.parley.topics.PlainJson;
import io.parley.topics.Topics;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Conversation review: the viewer's recent conversations, filtered, and the transcript of any one. */
@RestController
class ConversationsController {

    static final int MAX_LIMIT = 500;
    /** The outcome filter's word for a conversation that has not ended. */
    static final String OPEN = "OPEN";

    private final ConsoleAccounts accounts;
    private final BotDirectory bots;
    private final ConversationQueries conversations;
    private final TranscriptReader transcripts;

    ConversationsController(ConsoleAccounts accounts, BotDirectory bots, ConversationQueries conversations,
                            TranscriptReader transcripts) {
        this.accounts = accounts;
        this.bots = bots;
        this.conversations = conversations;
        this.transcripts = transcripts;
    }

    /**
     * The most recent conversations first, of the viewer's bots; {@code bot} (company/botId),
     * {@code channel}, {@code outcome} (COMPLETED, ABANDONED, FELL_BACK, ESCALATED or OPEN) and the
     * start between {@code from} and {@code to} narrow them.
     */
    @GetMapping(path = "/console/api/conversations", produces = MediaType.APPLICATION_JSON_VALUE)
    List<Map<String, Object>> list(@RequestParam(required = false) String bot,
                                   @RequestParam(required = false) String channel,
                                   @RequestParam(required = false) String outcome,
                                   @RequestParam(required = false) String from,
                                   @RequestParam(required = false) String to,
                                   @RequestParam(defaultValue = "50") int limit,
                                   HttpServletRequest request) {
        Viewer viewer = accounts.viewer(request);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ConsoleException(HttpStatus.BAD_REQUEST, "limit must be between 1 and " + MAX_LIMIT + ".");
        }
        if (bot != null && !bot.isBlank() && !viewer.maySee(bot)) {
            throw ConsoleException.noSuchBot(bot);
        }
        Predicate<ConversationSummary> filter = summary -> viewer.maySee(botKey(summary));
        if (bot != null && !bot.isBlank()) {
            filter = filter.and(summary -> botKey(summary).equals(bot));
        }
        if (channel != null && !channel.isBlank()) {
            Channel wanted = named(Channel.class, "channel", channel);
            filter = filter.and(summary -> summary.getChannel() == wanted);
        }
        if (outcome != null && !outcome.isBlank()) {
            if (OPEN.equalsIgnoreCase(outcome)) {
                filter = filter.and(summary -> summary.getOutcome() == null);
            } else {
                ConversationOutcome wanted = named(ConversationOutcome.class, "outcome", outcome);
                filter = filter.and(summary -> summary.getOutcome() == wanted);
            }
        }
        if (from != null && !from.isBlank()) {
            Instant start = instant("from", from);
            filter = filter.and(summary -> !summary.getStartedAt().isBefore(start));
        }
        if (to != null && !to.isBlank()) {
            Instant end = instant("to", to);
            filter = filter.and(summary -> summary.getStartedAt().isBefore(end));
        }
        return conversations.matching(filter).stream()
                .sorted(Comparator.comparing(ConversationSummary::getStartedAt).reversed().thenComparing(ConversationSummary::getSessionId))
                .limit(limit)
                .map(this::listed)
                .toList();
    }

    /** One conversation: its summary and its transcript, read from the log. */
    @GetMapping(path = "/console/api/conversations/{sessionId}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> one(@PathVariable String sessionId, HttpServletRequest request) {
        Viewer viewer = accounts.viewer(request);
        ConversationSummary summary = conversations.find(sessionId)
                .filter(found -> viewer.maySee(botKey(found)))
                .orElseThrow(() -> new ConsoleException(HttpStatus.NOT_FOUND, "No conversation " + sessionId + " of your bots."));
        TranscriptReader.Transcript transcript = transcripts.read(summary);
        Map<String, Object> json = listed(summary);
        json.put("truncated", transcript.truncated());
        json.put("turns", TranscriptTurns.of(transcript.events(), transcript.receipts()));
        return json;
    }

    private Map<String, Object> listed(ConversationSummary summary) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bot", botKey(summary));
        json.put("botName", bots.name(botKey(summary)));
        json.put("outcome", summary.getOutcome() == null ? OPEN : summary.getOutcome().name());
        Map<String, Object> fields = PlainJson.of(summary);
        fields.remove("pendingCalls");
        fields.remove("lastUserText");
        fields.remove("outcome");
        json.putAll(fields);
        return json;
    }

    private static String botKey(ConversationSummary summary) {
        return Topics.botKey(summary.getCompany(), summary.getBotId());
    }

    private static <E extends Enum<E>> E named(Class<E> type, String parameter, String value) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConsoleException(HttpStatus.BAD_REQUEST, parameter + " has no value " + value + ".");
        }
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ConsoleException(HttpStatus.BAD_REQUEST, name + " must be a time like 2026-12-01T09:00:00Z.");
        }
    }
}
