package io.parley.engine.turns;

import io.parley.avro.BotReply;

/**
 * Where the work a turn left to the background (an AI answer, a document's text, the customer's verdict
 * on a slot) stands, as a reply says it.
 *
 * <p>The reply's {@code backgroundContent} keeps the words it has always held ({@code "pending"},
 * {@code "ok"}, TALKR's): replies in the log and the last turn in every stored session hold them, so
 * they stay the stored form and only the engine's code speaks of this enum.
 */
enum BackgroundState {

    /** The interim answer: the final one comes later, pushed. */
    PENDING("pending"),
    /** The answer decided in the background, pushed and kept for a client that polls. */
    ANSWERED("ok");

    private final String stored;

    BackgroundState(String stored) {
        this.stored = stored;
    }

    /** Whether {@code reply} says its background work stands here. */
    boolean isSaidBy(BotReply reply) {
        return stored.equals(reply.getBackgroundContent());
    }

    /** An interim answer: the user gets it now and the final one later. */
    static BotReply pending(BotReply reply) {
        return BotReply.newBuilder(reply).setHasBackgroundText(true).setBackgroundContent(PENDING.stored).build();
    }

    /** The answer decided in the background, pushed to the user's channel: no caller waits for it. */
    static BotReply answered(BotReply reply) {
        return BotReply.newBuilder(reply).setReplyTo(null).setBackgroundContent(ANSWERED.stored).build();
    }
}
