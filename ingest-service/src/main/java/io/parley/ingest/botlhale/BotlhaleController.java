package io.parley.ingest.botlhale;

import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;

import io.parley.avro.BotDefinition;
import io.parley.avro.BotReply;
import io.parley.avro.Channel;
import io.parley.avro.Command;
import io.parley.avro.DocumentKind;
import io.parley.avro.DocumentMessage;
import io.parley.avro.Language;
import io.parley.avro.StartConversation;
import io.parley.avro.User;
import io.parley.avro.UserMessage;
import io.parley.ingest.IngestProperties;
import io.parley.ingest.TextLimit;
import io.parley.ingest.conversation.ConversationGateway;
import io.parley.ingest.conversation.IdempotencyKeys;
import io.parley.ingest.nlu.UtteranceEncoder;
import io.parley.nlu.BotLanguages;
import io.parley.push.PushTickets;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The Botlhale dialect: {@code POST /start_conversation} and {@code POST /message}, as forms, with a
 * Bearer token. Speech is transcribed and synthesized here, on the request's thread (never in a stream
 * thread); documents are read by delivery and their answer pushed on the session's stream.
 */
@RestController
class BotlhaleController {

    static final String PLATFORM = "platform";
    /** The custom field naming the conversation's push stream, ticket included. */
    static final String PUSH_PATH = "push_path";

    private final PushTickets tickets;

    /** The custom field saying why a spoken answer asked for could not be made. */
    static final String SPEECH_ERROR = "speech_error";
    private static final String DEFAULT_PLATFORM = "API";
    /** A conversation id names a session inside Parley's ids, so it is kept to safe characters. */
    private static final Pattern CONVERSATION_ID = Pattern.compile("[A-Za-z0-9_.~-]{1,128}");
    private static final List<String> MESSAGE_TYPES = List.of("text", "image", "pdf", "speech");
    private static final List<String> RESPONSE_TYPES = List.of("text", "speech");

    private final BotlhaleAccess access;
    private final ConversationGateway gateway;
    private final BotlhaleSpeech speech;
    private final UtteranceEncoder utterances;

    BotlhaleController(BotlhaleAccess access, ConversationGateway gateway, BotlhaleSpeech speech, UtteranceEncoder utterances,
                       IngestProperties properties) {
        this.tickets = new PushTickets(properties.pushTicketKey());
        this.access = access;
        this.gateway = gateway;
        this.speech = speech;
        this.utterances = utterances;
    }

    @PostMapping(path = "/start_conversation", produces = MediaType.APPLICATION_JSON_VALUE)
    CompletableFuture<Map<String, String>> start(HttpServletRequest request) {
        User caller = access.caller(request);
        BotlhaleForm form = BotlhaleForm.of(request);
        BotDefinition bot = access.bot(caller, form.required("bot_id"));
        Language language = language(bot, form.required("language_code"));
        String conversationId = form.optional("conversation_id").map(BotlhaleController::checkedConversationId)
                .orElseGet(() -> UUID.randomUUID().toString());
        String userId = form.optional("user_id").orElse(conversationId);
        String platform = form.optional(PLATFORM).orElse(DEFAULT_PLATFORM);
        Command command = command(bot, conversationId)
                .setPayload(StartConversation.newBuilder()
                        .setUserId(userId)
                        .setLanguageCode(language.getCode())
                        .setContext(Map.of(PLATFORM, platform))
                        .setResumeIfOpen(true)
                        .build())
                .build();
        return gateway.request(command).handle((reply, error) -> {
            BotReply answered = answered(reply, error, bot, conversationId);
            Map<String, String> started = new java.util.LinkedHashMap<>();
            started.put("conversation_id", conversationId);
            started.put("user_id", Optional.ofNullable(answered.getUserId()).orElse(userId));
            started.put("language_code", answered.getLanguage() == null ? language.getCode() : answered.getLanguage().getCode());
            started.put(PLATFORM, platform);
            Optional.ofNullable(answered.getCustom().get(PUSH_PATH)).ifPresent(path -> started.put(PUSH_PATH, path));
            return started;
        });
    }

    @PostMapping(path = "/message", produces = MediaType.APPLICATION_JSON_VALUE)
    CompletableFuture<BotlhaleAnswer> message(HttpServletRequest request) {
        Instant received = Instant.now();
        User caller = access.caller(request);
        BotlhaleForm form = BotlhaleForm.of(request);
        String botId = form.required("bot_id");
        BotDefinition bot = access.bot(caller, botId);
        Language language = language(bot, form.required("language_code"));
        String conversationId = checkedConversationId(form.required("conversation_id"));
        Optional<String> commandId = idempotentCommandId(request);
        String messageType = form.oneOf("message_type", MESSAGE_TYPES, "text");
        boolean speak = form.oneOf("response_type", RESPONSE_TYPES, "text").equals("speech");
        Locale locale = BotLanguages.locale(language);
        if (speak) {
            speech.checkCanSpeak(locale, language);
        }
        Map<String, String> context = new HashMap<>();
        form.optional(PLATFORM).ifPresent(platform -> context.put(PLATFORM, platform));
        String userText = null;
        String transcription = null;
        Object payload;
        switch (messageType) {
            case "text" -> {
                userText = form.required("text_msg");
                TextLimit.fault("text_msg", userText).ifPresent(fault -> {
                    throw new BotlhaleException(HttpStatus.BAD_REQUEST, fault);
                });
                payload = userMessage(bot, userText, language, form, context);
            }
            case "speech" -> {
                MultipartFile audio = form.file("speech_file").orElseThrow(() -> new BotlhaleException(HttpStatus.BAD_REQUEST,
                        "speech_file is required when message_type is speech (send it as a multipart file)"));
                transcription = speech.transcribe(audio, locale, language);
                payload = userMessage(bot, transcription, language, form, context);
            }
            default -> {
                String field = messageType + "_url";
                URI url = documentUrl(field, form.required(field));
                payload = DocumentMessage.newBuilder()
                        .setKind(messageType.equals("pdf") ? DocumentKind.PDF : DocumentKind.IMAGE)
                        .setUrl(url.toString())
                        .setLanguageCode(language.getCode())
                        .build();
            }
        }
        Command.Builder builder = command(bot, conversationId).setIssuedAt(received).setPayload(payload);
        // A retry carrying the same key is the same command: the engine answers it with the turn it took.
        commandId.ifPresent(builder::setCommandId);
        Command command = builder.build();
        String said = userText;
        String heard = transcription;
        String base = ServletUriComponentsBuilder.fromContextPath(request).toUriString();
        CompletableFuture<BotReply> reply = gateway.request(command)
                .handle((answer, error) -> answered(answer, error, bot, conversationId));
        if (!speak) {
            return reply.thenApply(answered -> BotlhaleAnswer.of(answered, conversationId, botId, said, heard, null, received));
        }
        // Synthesis takes a while: off the thread that receives every reply of this instance.
        return reply.thenApplyAsync(answered -> {
            try {
                String url = base + SpeechResponses.PATH + speech.speak(answered, locale, received);
                return BotlhaleAnswer.of(answered, conversationId, botId, said, heard, url, received);
            } catch (BotlhaleException e) {
                // The turn is taken: the answer still goes back, in text, with why it is not spoken.
                Map<String, String> custom = new HashMap<>(answered.getCustom());
                custom.put(SPEECH_ERROR, e.getMessage());
                BotReply withCause = BotReply.newBuilder(answered).setCustom(custom).build();
                return BotlhaleAnswer.of(withCause, conversationId, botId, said, heard, null, received);
            }
        }, speech.executor());
    }

    private UserMessage userMessage(BotDefinition bot, String text, Language language, BotlhaleForm form,
                                    Map<String, String> context) {
        return UserMessage.newBuilder()
                .setText(text)
                .setEmbedding(utterances.embed(bot, text))
                .setLanguageCode(language.getCode())
                .setUserId(form.optional("user_id").orElse(null))
                .setContext(context)
                .build();
    }

    /** The reply, or the error a Botlhale client gets instead of it. */
    private BotReply answered(BotReply reply, Throwable error, BotDefinition bot, String conversationId) {
        if (error != null) {
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause instanceof ConversationGateway.ReplyTimeoutException) {
                throw new BotlhaleException(HttpStatus.GATEWAY_TIMEOUT, cause.getMessage());
            }
            if (cause instanceof ConversationGateway.CommandNotAcceptedException) {
                throw new BotlhaleException(HttpStatus.SERVICE_UNAVAILABLE,
                        "the message could not be recorded; nothing was changed. Try again later.");
            }
            throw new CompletionException(cause);
        }
        return switch (reply.getStatus()) {
            case OK -> withPushPath(reply, bot);
            case SESSION_NOT_FOUND -> throw new BotlhaleException(HttpStatus.NOT_FOUND, "conversation " + conversationId
                    + " is unknown, has ended or has expired; start a new one with POST /start_conversation");
            case BOT_NOT_FOUND -> throw new BotlhaleException(HttpStatus.NOT_FOUND, reply.getError());
            case INVALID_REQUEST -> throw new BotlhaleException(HttpStatus.BAD_REQUEST, reply.getError());
            case SERVER_ERROR, UNKNOWN -> throw new BotlhaleException(HttpStatus.INTERNAL_SERVER_ERROR,
                    Optional.ofNullable(reply.getError()).orElse("the conversation engine failed; retrying is safe"));
        };
    }

    /**
     * The answer with {@code custom.push_path}: where on delivery the conversation's later answers (a
     * document's, an AI's) stream, with the ticket that opens it. Only the project's callers see it.
     */
    private BotReply withPushPath(BotReply reply, BotDefinition bot) {
        return tickets.ticket(reply.getSessionId()).map(ticket -> {
            Map<String, String> custom = new HashMap<>(reply.getCustom());
            custom.put(PUSH_PATH, "/push/" + bot.getCompany() + "/" + bot.getBotId() + "/" + reply.getSessionId() + "?ticket=" + ticket);
            return BotReply.newBuilder(reply).setCustom(custom).build();
        }).orElse(reply);
    }

    private static Language language(BotDefinition bot, String requested) {
        return BotLanguages.resolve(bot, requested).orElseThrow(() -> new BotlhaleException(HttpStatus.BAD_REQUEST,
                "bot " + BotlhaleAccess.botId(bot) + " does not speak '" + requested + "'; it speaks "
                        + String.join(", ", BotLanguages.names(bot))));
    }

    private static Command.Builder command(BotDefinition bot, String conversationId) {
        return Command.newBuilder()
                .setCommandId(UUID.randomUUID().toString())
                .setSessionId(sessionId(bot, conversationId))
                .setCompany(bot.getCompany())
                .setBotId(bot.getBotId())
                .setChannel(Channel.API)
                .setIssuedAt(Instant.now());
    }

    /**
     * Parley's session id for a Botlhale conversation: scoped by the bot, so two customers' clients
     * choosing the same conversation_id never share a session.
     */
    static String sessionId(BotDefinition bot, String conversationId) {
        return bot.getCompany() + ":" + bot.getBotId() + ":" + conversationId;
    }

    private static Optional<String> idempotentCommandId(HttpServletRequest request) {
        try {
            return IdempotencyKeys.commandId("botlhale", request);
        } catch (IllegalArgumentException e) {
            throw new BotlhaleException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    private static String checkedConversationId(String conversationId) {
        if (!CONVERSATION_ID.matcher(conversationId).matches()) {
            throw new BotlhaleException(HttpStatus.BAD_REQUEST,
                    "conversation_id may hold up to 128 letters, digits, '-', '_', '.' and '~'");
        }
        return conversationId;
    }

    private static URI documentUrl(String field, String value) {
        try {
            URI url = new URI(value);
            String scheme = Optional.ofNullable(url.getScheme()).map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
            if ((scheme.equals("http") || scheme.equals("https")) && url.getHost() != null) {
                return url;
            }
        } catch (java.net.URISyntaxException e) {
            // answered below
        }
        throw new BotlhaleException(HttpStatus.BAD_REQUEST, field + " must be an absolute http or https URL, got '" + value + "'");
    }
}
