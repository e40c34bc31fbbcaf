package io.parley.analytics.conversations;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import io.parley.analytics.console.BotDirectory;
import io.parley.analytics.console.ConsoleAccounts;
import io.parley.analytics.console.ConsoleException;
import io.parley.analytics.console.Viewer;
import io.parley.analytics.topology.AnalyticsTopology;
import io.parley.analytics.topology.Instances;
import io.parley.avro.Channel;
import io.parley.avro.ConversationOutcome;
import io.parley.avro.ConversationSummary;
import io.parley.topics.PlainJson;
import io.parley.topics.Topics;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.kafka.streams.state.HostInfo;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

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
    private final Instances instances;
    private final JsonMapper json = JsonMapper.builder().build();

    ConversationsController(ConsoleAccounts accounts, BotDirectory bots, ConversationQueries conversations,
                            TranscriptReader transcripts, Instances instances) {
        this.accounts = accounts;
        this.bots = bots;
        this.conversations = conversations;
        this.transcripts = transcripts;
        this.instances = instances;
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
        List<Map<String, Object>> found = new ArrayList<>(conversations.matching(filter).stream()
                .sorted(Comparator.comparing(ConversationSummary::getStartedAt).reversed().thenComparing(ConversationSummary::getSessionId))
                .limit(limit)
                .map(this::listed)
                .toList());
        if (!Instances.localOnly(request)) {
            // Conversations are spread over the instances by session: gather the others' newest too.
            for (HostInfo other : instances.others()) {
                found.addAll(gathered(instances.ask(other, request)));
            }
        }
        return found.stream()
                .sorted(Comparator.comparing((Map<String, Object> c) -> Instant.parse(String.valueOf(c.get("startedAt")))).reversed()
                        .thenComparing(c -> String.valueOf(c.get("sessionId"))))
                .limit(limit)
                .toList();
    }

    private List<Map<String, Object>> gathered(ResponseEntity<String> answer) {
        if (!answer.getStatusCode().is2xxSuccessful()) {
            throw new ConsoleException(HttpStatus.SERVICE_UNAVAILABLE, "Another analytics instance could not list its conversations; try again.");
        }
        return json.readValue(answer.getBody(), new TypeReference<List<Map<String, Object>>>() { });
    }

    /** One conversation: its summary and its transcript, read from the log. */
    @GetMapping(path = "/console/api/conversations/{sessionId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> one(@PathVariable String sessionId, HttpServletRequest request) {
        Viewer viewer = accounts.viewer(request);
        Optional<HostInfo> holder = instances.holderElsewhere(AnalyticsTopology.CONVERSATIONS_STORE, sessionId);
        if (holder.isPresent()) {
            return instances.ask(holder.get(), request);
        }
        ConversationSummary summary = conversations.find(sessionId)
                .filter(found -> viewer.maySee(botKey(found)))
                .orElseThrow(() -> new ConsoleException(HttpStatus.NOT_FOUND, "No conversation " + sessionId + " of your bots."));
        TranscriptReader.Transcript transcript = transcripts.read(summary);
        Map<String, Object> answer = listed(summary);
        answer.put("truncated", transcript.truncated());
        answer.put("turns", TranscriptTurns.of(transcript.events(), transcript.receipts()));
        return ResponseEntity.ok(answer);
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
