package io.parley.ingest.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.parley.avro.BotDefinition;
import io.parley.ingest.IngestProperties;
import io.parley.ingest.LimitedBody;
import io.parley.ingest.bots.BotCatalog;
import io.parley.ingest.bots.BotFileReader;
import io.parley.ingest.bots.BotPublisher;
import io.parley.ingest.bots.InvalidBotException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API for bots: publish a bot file (YAML or JSON), list, read and remove bots. Every call
 * needs {@code Authorization: Bearer <parley.ingest.admin-token>}.
 */
@RestController
@RequestMapping(path = "/admin/bots", produces = MediaType.APPLICATION_JSON_VALUE)
class AdminBotController {

    private final BotFileReader reader;
    private final BotPublisher publisher;
    private final BotCatalog catalog;
    private final long maxBotBytes;

    AdminBotController(BotFileReader reader, BotPublisher publisher, BotCatalog catalog,
                       IngestProperties properties) {
        this.reader = reader;
        this.publisher = publisher;
        this.catalog = catalog;
        this.maxBotBytes = properties.maxBotSize().toBytes();
    }

    /** A published bot, as the admin API shows it. */
    record BotSummary(String company, long botId, String name, String language, int blocks, int intents,
                      Instant publishedAt) {
        static BotSummary of(BotDefinition bot) {
            return new BotSummary(bot.getCompany(), bot.getBotId(), bot.getName(), bot.getLanguage().getSlug(),
                    bot.getBlocks().size(), bot.getIntents().size(), bot.getPublishedAt());
        }
    }

    @PostMapping
    ResponseEntity<BotSummary> publish(HttpServletRequest request) throws Exception {
        String content = readBody(request);
        BotDefinition bot;
        try {
            bot = reader.read("request body", content, Instant.now());
        } catch (InvalidBotException e) {
            throw new AdminException(HttpStatus.BAD_REQUEST, "the bot is not valid", e.problems());
        }
        publisher.publish(bot);
        return ResponseEntity.status(HttpStatus.CREATED)
                .header(HttpHeaders.LOCATION, "/admin/bots/" + bot.getCompany() + "/" + bot.getBotId())
                .body(BotSummary.of(bot));
    }

    @GetMapping
    List<BotSummary> list() {
        return catalog.all().stream().map(BotSummary::of).toList();
    }

    @GetMapping("/{company}/{botId}")
    BotSummary get(@PathVariable String company, @PathVariable long botId) {
        return catalog.find(company, botId).map(BotSummary::of).orElseThrow(() -> notFound(company, botId));
    }

    @DeleteMapping("/{company}/{botId}")
    ResponseEntity<Void> remove(@PathVariable String company, @PathVariable long botId) throws Exception {
        if (catalog.find(company, botId).isEmpty()) {
            throw notFound(company, botId);
        }
        publisher.unpublish(company, botId);
        return ResponseEntity.noContent().build();
    }

    private static AdminException notFound(String company, long botId) {
        return new AdminException(HttpStatus.NOT_FOUND, "no bot " + botId + " in company " + company);
    }

    private String readBody(HttpServletRequest request) throws IOException {
        byte[] body;
        try {
            body = LimitedBody.read(request, maxBotBytes);
        } catch (LimitedBody.TooLargeException e) {
            throw new AdminException(HttpStatus.PAYLOAD_TOO_LARGE, "a bot file may hold at most " + maxBotBytes + " bytes");
        }
        if (body.length == 0) {
            throw new AdminException(HttpStatus.BAD_REQUEST, "the body must hold a bot file (YAML or JSON)");
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body of every admin error. */
    static final class AdminError {
        private AdminError() {
        }

        static Map<String, Object> of(AdminException e, String message) {
            return e.problems().isEmpty()
                    ? Map.of("status", e.status().value(), "error", message)
                    : Map.of("status", e.status().value(), "error", message, "problems", e.problems());
        }
    }
}
