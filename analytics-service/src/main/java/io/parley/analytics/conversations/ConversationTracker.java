package io.parley.analytics.conversations;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.parley.avro.BotActivity;
import io.parley.avro.BotReply;
import io.parley.avro.BotSaid;
import io.parley.avro.CallFinished;
import io.parley.avro.Channel;
import io.parley.avro.ConversationClosed;
import io.parley.avro.ConversationEvent;
import io.parley.avro.ConversationOpened;
import io.parley.avro.ConversationOutcome;
import io.parley.avro.ConversationSummary;
import io.parley.avro.DeliveryReceipt;
import io.parley.avro.DeliveryOutcome;
import io.parley.avro.DeliveryTarget;
import io.parley.avro.DocumentRequested;
import io.parley.avro.IntentRecognised;
import io.parley.avro.ModuleCompleted;
import io.parley.avro.ModuleProgress;
import io.parley.avro.ModuleStarted;
import io.parley.avro.ModuleStep;
import io.parley.avro.SessionExpired;
import io.parley.avro.SessionResumed;
import io.parley.avro.SessionStarted;
import io.parley.avro.SlotFilled;
import io.parley.avro.SlotRejected;
import io.parley.avro.SlotValidationRequested;
import io.parley.avro.TurnAnswered;
import io.parley.avro.TurnClassified;
import io.parley.avro.TurnTaken;
import io.parley.avro.UserSaid;

/**
 * Follows one conversation through its events, replies and delivery receipts, and says what each
 * means for its bot's figures. Pure: the caller keeps the summary (a state store) and counts the
 * facts (windowed aggregations), so this is tested without a broker.
 *
 * <p>How a conversation ends, as the README's Analytics section defines it:
 * <ul>
 *   <li>escalated: it reached a handoff block (whatever came after);</li>
 *   <li>completed: it reached an end block, or completed a module;</li>
 *   <li>fell back: it expired right after two or more turns in a row that went to the fallback;</li>
 *   <li>abandoned: it expired (or was started afresh) before any of these.</li>
 * </ul>
 */
public final class ConversationTracker {

    /** Fallback turns in a row at the end that make an expired conversation one that fell back. */
    static final int REPEATED_FALLBACKS = 2;
    /** Outside calls remembered per conversation while their receipts are awaited; older ones are dropped. */
    static final int PENDING_CALLS = 32;

    /** The summary after an input, and the facts it produced. */
    public record Step(ConversationSummary summary, List<BotActivity> facts) {
        static Step unchanged(ConversationSummary summary) {
            return new Step(summary, List.of());
        }
    }

    private ConversationTracker() {
    }

    /** What an event of the log means; {@code summary} is null for a session not seen yet. */
    public static Step onEvent(ConversationSummary summary, ConversationEvent event) {
        Instant at = event.getOccurredAt();
        Object payload = event.getPayload();
        if (payload instanceof SessionStarted started) {
            return opened(summary, event, started, at);
        }
        if (summary == null || summary.getOutcome() != null) {
            // Nothing to follow: a turn of a session opened before analytics ran, or after it ended.
            return Step.unchanged(summary);
        }
        ConversationSummary next = ConversationSummary.newBuilder(summary).build();
        next.setLastActivityAt(max(next.getLastActivityAt(), at));
        List<BotActivity> facts = new ArrayList<>();
        if (payload instanceof SessionResumed resumed) {
            next.setLanguage(resumed.getLanguage().getCode());
        } else if (payload instanceof UserSaid said) {
            next.setTurns(next.getTurns() + 1);
            next.setLastUserText(said.getText());
            facts.add(fact(next, at, new TurnTaken(said.getPayload() != null)));
        } else if (payload instanceof IntentRecognised recognised) {
            boolean fellBack = recognised.getFallback() != null;
            next.setFallbacks(next.getFallbacks() + (fellBack ? 1 : 0));
            next.setConsecutiveFallbacks(fellBack ? next.getConsecutiveFallbacks() + 1 : 0);
            facts.add(fact(next, at, new TurnClassified(fellBack ? null : recognised.getIntent(),
                    recognised.getConfidence(), fellBack, fellBack ? next.getLastUserText() : null)));
            next.setLastUserText(null);
        } else if (payload instanceof BotSaid said) {
            next.setLastBlockId(said.getBlockId());
            next.setEscalated(next.getEscalated() || said.getHandoff());
        } else if (payload instanceof ModuleStarted started) {
            next.setModuleId(started.getModuleId());
            next.setModuleName(started.getModuleName());
            facts.add(moduleStep(next, at, ModuleStep.STARTED, null));
        } else if (payload instanceof SlotFilled filled && next.getModuleId() != null) {
            facts.add(moduleStep(next, at, ModuleStep.SLOT_FILLED, filled.getSlotId()));
        } else if (payload instanceof SlotRejected rejected && next.getModuleId() != null) {
            facts.add(moduleStep(next, at, ModuleStep.SLOT_REJECTED, rejected.getSlotId()));
        } else if (payload instanceof SlotValidationRequested requested) {
            awaitCall(next, requested.getIdempotencyKey(), at);
        } else if (payload instanceof ModuleCompleted completed) {
            if (next.getModuleId() != null) {
                facts.add(moduleStep(next, at, ModuleStep.COMPLETED, null));
            }
            next.setModulesCompleted(next.getModulesCompleted() + 1);
            next.setModuleId(null);
            next.setModuleName(null);
            awaitCall(next, completed.getIdempotencyKey(), at);
        } else if (payload instanceof DocumentRequested requested) {
            awaitCall(next, requested.getRequestId(), at);
        } else if (payload instanceof SessionExpired expired) {
            next.setLastActivityAt(max(summary.getStartedAt(), expired.getLastActivityAt()));
            facts.add(closed(next, at, expiredOutcome(next)));
        }
        // Entities, documents read, repeated turns, rejections, failed webhooks: in the transcript, not counted here.
        return new Step(next, facts);
    }

    /** What a reply means: a turn answered (its latency), and the end of the conversation if it reached one. */
    public static Step onReply(ConversationSummary summary, BotReply reply, Instant appendedAt) {
        List<BotActivity> facts = new ArrayList<>();
        Channel channel = summary != null ? summary.getChannel() : reply.getChannel();
        String language = summary != null ? summary.getLanguage() : reply.getLanguage() == null ? null : reply.getLanguage().getCode();
        long latency = Math.max(0, Duration.between(reply.getRepliedAt(), appendedAt).toMillis());
        facts.add(new BotActivity(reply.getCompany(), reply.getBotId(), reply.getSessionId(), reply.getRepliedAt(), channel,
                language, new TurnAnswered(latency)));
        if (summary == null || summary.getOutcome() != null) {
            return new Step(summary, facts);
        }
        ConversationSummary next = ConversationSummary.newBuilder(summary).build();
        next.setLastActivityAt(max(next.getLastActivityAt(), reply.getRepliedAt()));
        if (reply.getHasBackgroundText()) {
            // The AI request made for this turn carries the command's id.
            awaitCall(next, reply.getCommandId(), reply.getRepliedAt());
        }
        if (reply.getEnded()) {
            facts.add(closed(next, reply.getRepliedAt(), next.getEscalated() ? ConversationOutcome.ESCALATED : ConversationOutcome.COMPLETED));
        }
        return new Step(next, facts);
    }

    /** What a delivery receipt means: a push or outside call ended, with its latency when its request was seen. */
    public static Step onReceipt(ConversationSummary summary, DeliveryReceipt receipt) {
        Long latency = null;
        ConversationSummary next = summary;
        if (summary != null && summary.getPendingCalls().containsKey(receipt.getReference())) {
            next = ConversationSummary.newBuilder(summary).build();
            Map<String, Instant> pending = new HashMap<>(next.getPendingCalls());
            Instant requestedAt = pending.remove(receipt.getReference());
            next.setPendingCalls(pending);
            latency = Math.max(0, Duration.between(requestedAt, receipt.getDeliveredAt()).toMillis());
        }
        Channel channel = summary != null ? summary.getChannel() : receipt.getChannel();
        String language = summary != null ? summary.getLanguage() : null;
        DeliveryTarget target = receipt.getTarget();
        BotActivity fact = new BotActivity(receipt.getCompany(), receipt.getBotId(), receipt.getSessionId(), receipt.getDeliveredAt(),
                channel, language, new CallFinished(target.name(), receipt.getOutcome() == DeliveryOutcome.DELIVERED,
                receipt.getAttempts(), latency));
        return new Step(next, List.of(fact));
    }

    private static Step opened(ConversationSummary previous, ConversationEvent event, SessionStarted started, Instant at) {
        List<BotActivity> facts = new ArrayList<>();
        if (previous != null && previous.getOutcome() == null) {
            // Started afresh before the old conversation ended: that one was left.
            ConversationSummary left = ConversationSummary.newBuilder(previous).build();
            facts.add(closed(left, at, left.getEscalated() ? ConversationOutcome.ESCALATED
                    : left.getModulesCompleted() > 0 ? ConversationOutcome.COMPLETED : ConversationOutcome.ABANDONED));
        }
        ConversationSummary next = ConversationSummary.newBuilder()
                .setSessionId(event.getSessionId())
                .setCompany(event.getCompany())
                .setBotId(event.getBotId())
                .setChannel(started.getChannel())
                .setLanguage(started.getLanguage().getCode())
                .setUserId(started.getUserId())
                .setStartedAt(at)
                .setLastActivityAt(at)
                .build();
        String user = started.getUserId() != null ? started.getUserId() : event.getSessionId();
        facts.add(fact(next, at, new ConversationOpened(user)));
        return new Step(next, facts);
    }

    private static ConversationOutcome expiredOutcome(ConversationSummary summary) {
        if (summary.getEscalated()) {
            return ConversationOutcome.ESCALATED;
        }
        if (summary.getModulesCompleted() > 0) {
            return ConversationOutcome.COMPLETED;
        }
        return summary.getConsecutiveFallbacks() >= REPEATED_FALLBACKS ? ConversationOutcome.FELL_BACK : ConversationOutcome.ABANDONED;
    }

    /** Ends the conversation in {@code summary} (changed in place) and returns the fact to count. */
    private static BotActivity closed(ConversationSummary summary, Instant at, ConversationOutcome outcome) {
        summary.setOutcome(outcome);
        summary.setEndedAt(at);
        // Pending calls stay: a module's completion webhook is usually answered after the conversation's end.
        summary.setLastUserText(null);
        long duration = Math.max(0, Duration.between(summary.getStartedAt(), summary.getLastActivityAt()).toMillis());
        return fact(summary, at, new ConversationClosed(outcome, duration, summary.getTurns()));
    }

    private static BotActivity moduleStep(ConversationSummary summary, Instant at, ModuleStep step, Long slotId) {
        return fact(summary, at, new ModuleProgress(summary.getModuleId(), summary.getModuleName(), step, slotId));
    }

    private static void awaitCall(ConversationSummary summary, String reference, Instant at) {
        Map<String, Instant> pending = new HashMap<>(summary.getPendingCalls());
        if (pending.size() >= PENDING_CALLS) {
            pending.entrySet().stream().min(Map.Entry.comparingByValue()).ifPresent(oldest -> pending.remove(oldest.getKey()));
        }
        pending.put(reference, at);
        summary.setPendingCalls(pending);
    }

    private static BotActivity fact(ConversationSummary summary, Instant at, Object payload) {
        return new BotActivity(summary.getCompany(), summary.getBotId(), summary.getSessionId(), at, summary.getChannel(),
                summary.getLanguage(), payload);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
