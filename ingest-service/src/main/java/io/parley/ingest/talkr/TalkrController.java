package io.parley.ingest.talkr;

import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.parley.avro.BotDefinition;
import io.parley.avro.BotReply;
import io.parley.avro.Channel;
import io.parley.avro.Command;
import io.parley.avro.StartConversation;
import io.parley.avro.UserMessage;
import io.parley.ingest.IngestProperties;
import io.parley.talkr.TalkrAnswer;
import io.parley.ingest.LimitedBody;
import io.parley.ingest.bots.BotCatalog;
import io.parley.ingest.conversation.ConversationGateway;
import io.parley.ingest.conversation.IdempotencyKeys;
import io.parley.ingest.nlu.UtteranceEncoder;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** The TALKR dialect: {@code POST /{company}/{bot_id}/{channel}}, channel {@code web} or {@code telephony}. */
@RestController
// The API is open and uses no cookies, so a chat widget may call it from any site's pages.
@CrossOrigin(origins = "*", methods = RequestMethod.POST,
        allowedHeaders = {"Content-Type", TalkrController.QUERY_HEADER, IdempotencyKeys.HEADER})
class TalkrController {

    static final String QUERY_HEADER = "X-Talkr-Query";

    private final ConversationGateway gateway;
    private final BotCatalog bots;
    private final UtteranceEncoder utterances;
    private final JsonMapper json;
    private final long maxBodyBytes;

    TalkrController(ConversationGateway gateway, BotCatalog bots, UtteranceEncoder utterances, JsonMapper json,
                    IngestProperties properties) {
        this.gateway = gateway;
        this.bots = bots;
        this.utterances = utterances;
        this.json = json;
        this.maxBodyBytes = properties.maxBodySize().toBytes();
    }

    @PostMapping(path = "/{company}/{botId}/{channel}", produces = MediaType.APPLICATION_JSON_VALUE)
    CompletableFuture<ResponseEntity<TalkrAnswer>> converse(
            @PathVariable String company, @PathVariable String botId, @PathVariable String channel,
            @RequestHeader(name = QUERY_HEADER, required = false) String queryHeader,
            HttpServletRequest request) throws IOException {
        Channel parsedChannel = channel(channel);
        if (parsedChannel == Channel.WEB && !"1".equals(queryHeader)) {
            throw new TalkrException(HttpStatus.BAD_REQUEST, "the web channel requires the header " + QUERY_HEADER + ": 1");
        }
        BotDefinition bot = bot(company, botId);
        byte[] body = readBody(request);
        if (body.length > 0 && !isJson(request.getContentType())) {
            throw new TalkrException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
        }
        TalkrRequest parsed = TalkrRequest.parse(body, json);
        Command command = command(bot, parsedChannel, parsed, idempotentCommandId(request));
        return gateway.request(command)
                .handle((reply, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                        throw new TalkrException(HttpStatus.INTERNAL_SERVER_ERROR, cause.getMessage(), command.getSessionId());
                    }
                    return answer(reply);
                });
    }

    private static ResponseEntity<TalkrAnswer> answer(BotReply reply) {
        return switch (reply.getStatus()) {
            case OK -> ResponseEntity.ok(TalkrAnswer.of(reply));
            case INVALID_REQUEST, SESSION_NOT_FOUND -> error(HttpStatus.BAD_REQUEST, reply);
            case BOT_NOT_FOUND -> error(HttpStatus.NOT_FOUND, reply);
            case SERVER_ERROR, UNKNOWN -> error(HttpStatus.INTERNAL_SERVER_ERROR, reply);
        };
    }

    private static ResponseEntity<TalkrAnswer> error(HttpStatus status, BotReply reply) {
        return ResponseEntity.status(status).body(TalkrAnswer.error(status.value(), reply.getSessionId(), reply.getError()));
    }

    /** A turn's command id from the client's Idempotency-Key, if it sent one. */
    private static Optional<String> idempotentCommandId(HttpServletRequest request) {
        try {
            return IdempotencyKeys.commandId("talkr", request);
        } catch (IllegalArgumentException e) {
            throw new TalkrException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    private Command command(BotDefinition bot, Channel channel, TalkrRequest request, Optional<String> idempotentCommandId) {
        Command.Builder command = Command.newBuilder()
                .setCommandId(UUID.randomUUID().toString())
                .setCompany(bot.getCompany())
                .setBotId(bot.getBotId())
                .setChannel(channel)
                .setIssuedAt(Instant.now());
        if (request instanceof TalkrRequest.Turn turn) {
            // A start's key is not used: a start sent again opens another session and applies no turn twice.
            idempotentCommandId.ifPresent(command::setCommandId);
            return command.setSessionId(turn.session())
                    .setPayload(UserMessage.newBuilder()
                            .setText(turn.message())
                            .setTracking(turn.tracking())
                            .setVariables(turn.variables())
                            .setContext(turn.context())
                            .setEmbedding(utterances.embed(bot, turn.message()))
                            .build())
                    .build();
        }
        TalkrRequest.Start start = (TalkrRequest.Start) request;
        return command.setSessionId(UUID.randomUUID().toString())
                .setPayload(StartConversation.newBuilder().setContext(start.context()).build())
                .build();
    }

    private BotDefinition bot(String company, String botId) {
        long id;
        try {
            id = Long.parseLong(botId);
        } catch (NumberFormatException e) {
            throw new TalkrException(HttpStatus.NOT_FOUND, "bot_id must be numeric, got '" + botId + "'");
        }
        return bots.find(company, id).orElseThrow(() ->
                new TalkrException(HttpStatus.NOT_FOUND, "no bot " + id + " in company " + company));
    }

    private static Channel channel(String channel) {
        return switch (channel.toLowerCase(Locale.ROOT)) {
            case "web" -> Channel.WEB;
            case "telephony" -> Channel.TELEPHONY;
            default -> throw new TalkrException(HttpStatus.NOT_FOUND,
                    "unknown channel '" + channel + "'; use web or telephony");
        };
    }

    private byte[] readBody(HttpServletRequest request) throws IOException {
        try {
            return LimitedBody.read(request, maxBodyBytes);
        } catch (LimitedBody.TooLargeException e) {
            throw new TalkrException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isCompatibleWith(MediaType.APPLICATION_JSON) || type.getSubtype().endsWith("+json");
        } catch (org.springframework.util.InvalidMimeTypeException e) {
            return false;
        }
    }
}
