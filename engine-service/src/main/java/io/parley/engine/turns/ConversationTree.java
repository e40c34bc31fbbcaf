package io.parley.engine.turns;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import io.parley.avro.Block;
import io.parley.avro.BotDefinition;
import io.parley.avro.SessionState;
import io.parley.avro.Transition;
import io.parley.avro.UserMessage;
import io.parley.nlu.BotLanguages;
import io.parley.nlu.BoundedMatching;

/** The bot's conversation tree as a turn reads it: its blocks, their texts in a language, their transitions. */
final class ConversationTree {

    private ConversationTree() {
    }

    /** The block the session is at; the start block when a republished bot no longer has it. */
    static Block currentOrStart(BotDefinition bot, SessionState session) {
        return block(bot, session.getBlockId()).orElseGet(() -> block(bot, bot.getStartBlockId()).orElseThrow());
    }

    /** Whether the user's turn takes this transition: its payload, its words, or the intent recognised. */
    static boolean matches(Transition transition, UserMessage message, Optional<String> intent) {
        String text = message.getText();
        String value = transition.getValue();
        return switch (transition.getOn()) {
            case ANY -> true;
            case INTENT -> intent.isPresent() && intent.get().equals(value);
            case PAYLOAD -> value != null && (value.equals(message.getPayload()) || value.equalsIgnoreCase(text.strip()));
            case KEYWORD -> value != null && Pattern.compile("\\b" + Pattern.quote(value.toLowerCase(Locale.ROOT)) + "\\b")
                    .matcher(text.toLowerCase(Locale.ROOT)).find();
            // The bot's own expression, with bounded work: a catastrophic one is no match, never a stalled thread.
            case PATTERN -> value != null && BoundedMatching.find(Pattern.compile(value, Pattern.CASE_INSENSITIVE), text);
            case UNKNOWN -> false;
        };
    }

    /** A block's message templates in the session's language; the default language's where it has none. */
    static List<String> messages(BotDefinition bot, SessionState session, Block block) {
        return BotLanguages.translation(bot, session.getLanguage())
                .map(translation -> translation.getMessages().get(block.getId()))
                .orElse(block.getMessages());
    }

    /** A block's retry prompt in the session's language; the default language's where it has none. */
    static Optional<String> retryPrompt(BotDefinition bot, SessionState session, Block block) {
        return BotLanguages.translation(bot, session.getLanguage())
                .map(translation -> translation.getRetryPrompts().get(block.getId()))
                .or(() -> Optional.ofNullable(block.getRetryPrompt()));
    }

    /** The bot's block with this id, if the bot (as now published) still has it. */
    static Optional<Block> block(BotDefinition bot, String id) {
        return bot.getBlocks().stream().filter(block -> Objects.equals(block.getId(), id)).findFirst();
    }
}
