package io.parley.delivery.push;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.parley.avro.BotReply;
import io.parley.avro.DeliveryTarget;
import io.parley.avro.SessionEntry;
import io.parley.delivery.DeliveryProperties;
import io.parley.delivery.receipts.DeliveryReceipts;
import io.parley.push.PushTickets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /push/{company}/{bot_id}/{session}}: a session's bot messages as server-sent events, in
 * order. A client reconnecting with {@code Last-Event-ID} gets exactly what it missed, read back
 * from the log, and nothing twice. As in TALKR, company, bot and session identify the caller.
 */
@RestController
@CrossOrigin(origins = "*", exposedHeaders = "Last-Event-ID")
class PushController implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PushController.class);
    private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);
    /** A comment this often keeps proxies from closing an idle stream and finds browsers that left. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final SessionDirectory directory;
    private final ReplyStream replies;
    private final DeliveryReceipts receipts;
    private final PushTickets tickets;
    private final DeliveryProperties.Push limits;
    /** Each read back from the log takes a consumer and a request thread: only so many at once. */
    private final Semaphore catchUps;
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "push-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    PushController(SessionDirectory directory, ReplyStream replies, DeliveryReceipts receipts, DeliveryProperties properties) {
        this.directory = directory;
        this.replies = replies;
        this.receipts = receipts;
        this.tickets = new PushTickets(properties.push().ticketKey());
        this.limits = properties.push();
        this.catchUps = new Semaphore(limits.maxCatchUps());
        heartbeats.scheduleAtFixedRate(() -> open.forEach(Stream::heartbeat),
                HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private volatile boolean running;

    @Override
    public void start() {
        running = true;
    }

    /**
     * Ends every open stream before the web server's graceful shutdown, which would otherwise wait for
     * them; browsers reconnect to another instance and resume from their last event.
     */
    @Override
    public void stop() {
        running = false;
        heartbeats.shutdownNow();
        open.forEach(stream -> stream.emitter.complete());
        open.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server's graceful shutdown phase. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    @GetMapping(path = "/push/{company}/{botId}/{sessionId}", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<?> stream(@PathVariable String company, @PathVariable long botId, @PathVariable String sessionId,
                             @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
                             @RequestParam(name = "lastEventId", required = false) String lastEventIdParam,
                             @RequestParam(name = "ticket", required = false) String ticket) {
        SessionEntry session = directory.find(sessionId).orElse(null);
        if (session == null) {
            return error(HttpStatus.NOT_FOUND, "session " + sessionId + " is unknown or has ended");
        }
        if (!session.getCompany().equals(company) || session.getBotId() != botId) {
            return error(HttpStatus.FORBIDDEN, "session " + sessionId + " is not a session of bot " + botId + " in " + company);
        }
        if (PushTickets.required(session.getChannel()) && !tickets.valid(sessionId, ticket)) {
            return error(HttpStatus.FORBIDDEN, "the stream of session " + sessionId
                    + " needs the ticket its conversation's answers carry (custom.push_path)");
        }
        String lastEventId = lastEventIdHeader != null ? lastEventIdHeader : lastEventIdParam;
        Resume resume;
        try {
            resume = Resume.parse(lastEventId);
        } catch (IllegalArgumentException e) {
            return error(HttpStatus.BAD_REQUEST, "Last-Event-ID must be <partition>-<offset>, got '" + lastEventId + "'");
        }
        if (resume.partition() >= 0 && !replies.hasPartition(resume.partition())) {
            return error(HttpStatus.BAD_REQUEST, "Last-Event-ID names partition " + resume.partition() + ", which does not exist");
        }
        if (open.size() >= limits.maxStreams()) {
            return tooMany("this instance has " + limits.maxStreams() + " streams open; try again or another instance");
        }
        if (open.stream().filter(stream -> stream.session.getSessionId().equals(sessionId)).count() >= limits.maxStreamsPerSession()) {
            return tooMany("session " + sessionId + " has " + limits.maxStreamsPerSession() + " streams open here; close one");
        }
        if (resume.partition() < 0) {
            return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(open(session, resume));
        }
        if (!catchUps.tryAcquire()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("status", 503, "error", "too many streams are resuming at once; try again in a second"));
        }
        try {
            return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(open(session, resume));
        } finally {
            catchUps.release();
        }
    }

    private static ResponseEntity<Map<String, Object>> tooMany(String message) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("status", 429, "error", message));
    }

    private SseEmitter open(SessionEntry session, Resume resume) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        Stream stream = new Stream(session, emitter, resume.offset());
        open.add(stream);
        // A first write sends the response headers: the browser knows at once that the stream is open.
        stream.comment("stream of session " + session.getSessionId());
        // Subscribe before catching up, so nothing committed in between is missed; duplicates are dropped by offset.
        AutoCloseable subscription = replies.subscribe(session.getSessionId(), stream::live);
        Runnable unsubscribe = () -> {
            open.remove(stream);
            try {
                subscription.close();
            } catch (Exception e) {
                log.debug("closing a push subscription", e);
            }
        };
        emitter.onCompletion(unsubscribe);
        emitter.onTimeout(unsubscribe);
        emitter.onError(error -> unsubscribe.run());
        if (resume.partition() >= 0) {
            replies.after(session.getSessionId(), resume.partition(), resume.offset()).forEach(stream::send);
        }
        stream.catchUpDone();
        return emitter;
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("status", status.value(), "error", message));
    }

    /** Where a reconnecting client stopped: a session lives on one partition, so one offset suffices. */
    private record Resume(int partition, long offset) {
        static Resume parse(String lastEventId) {
            if (lastEventId == null || lastEventId.isBlank()) {
                return new Resume(-1, -1);
            }
            String[] parts = lastEventId.strip().split("-");
            if (parts.length != 2) {
                throw new IllegalArgumentException(lastEventId);
            }
            Resume resume;
            try {
                resume = new Resume(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(lastEventId, e);
            }
            // The next offset to read must exist as a number: a resume is at most the last record of a log.
            if (resume.partition() < 0 || resume.offset() < 0 || resume.offset() == Long.MAX_VALUE) {
                throw new IllegalArgumentException(lastEventId);
            }
            return resume;
        }
    }

    /** One open stream: sends each reply once, in log order, buffering live ones during the catch-up. */
    private final class Stream {
        private final SessionEntry session;
        private final SseEmitter emitter;
        private final AtomicLong lastSent;
        private final List<ConsumerRecord<String, BotReply>> held = new ArrayList<>();
        private boolean caughtUp;

        Stream(SessionEntry session, SseEmitter emitter, long lastSeen) {
            this.session = session;
            this.emitter = emitter;
            this.lastSent = new AtomicLong(lastSeen);
        }

        synchronized void live(ConsumerRecord<String, BotReply> record) {
            if (caughtUp) {
                send(record);
            } else {
                held.add(record);
            }
        }

        synchronized void catchUpDone() {
            caughtUp = true;
            held.forEach(this::send);
            held.clear();
        }

        synchronized void comment(String text) {
            try {
                emitter.send(SseEmitter.event().comment(text));
            } catch (IOException | IllegalStateException e) {
                emitter.completeWithError(e);
            }
        }

        void heartbeat() {
            comment("heartbeat");
        }

        synchronized void send(ConsumerRecord<String, BotReply> record) {
            if (record.offset() <= lastSent.get()) {
                return;
            }
            PushEvent event = PushEvent.of(record);
            try {
                emitter.send(SseEmitter.event().id(event.id()).name("reply").data(event, MediaType.APPLICATION_JSON));
                lastSent.set(record.offset());
                receipts.deliveredInBackground(new DeliveryReceipts.Delivery(session.getSessionId(), session.getCompany(),
                        session.getBotId(), session.getChannel(), DeliveryTarget.WEB_PUSH, record.value().getCommandId()), event.id());
            } catch (IOException | IllegalStateException e) {
                // The browser went away; it resumes from its Last-Event-ID when it comes back.
                emitter.completeWithError(e);
            }
        }
    }
}
