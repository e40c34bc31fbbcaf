package io.parley.nlu.intents;

import java.util.List;
import java.util.Optional;

import io.parley.avro.IntentFallback;
import io.parley.avro.IntentScore;

/**
 * Whether a ranking names an intent to act on: the best one must reach the bot's threshold, and lead
 * the second by the bot's ambiguity margin (as Rasa's FallbackClassifier does); otherwise the turn takes
 * the fallback path, and the decision says why.
 */
public record IntentDecision(Optional<String> intent, Optional<IntentFallback> fallback) {

    /**
     * Chosen on public intent data (HWU64 and SNIPS, 10 phrases per intent and all of them, whole
     * intents held out as out of scope): the highest confidence that still acts on nearly every right
     * answer; see the README's NLU benchmark.
     */
    public static final double DEFAULT_THRESHOLD = 0.5;
    /** Rasa's FallbackClassifier default: two intents closer than this are a coin toss. */
    public static final double DEFAULT_AMBIGUITY_MARGIN = 0.1;

    public static IntentDecision of(List<IntentScore> ranking, double threshold, double ambiguityMargin) {
        if (ranking.isEmpty()) {
            return new IntentDecision(Optional.empty(), Optional.empty());
        }
        IntentScore best = ranking.get(0);
        if (best.getConfidence() < threshold) {
            return new IntentDecision(Optional.empty(), Optional.of(IntentFallback.LOW_CONFIDENCE));
        }
        if (ranking.size() > 1 && best.getConfidence() - ranking.get(1).getConfidence() < ambiguityMargin) {
            return new IntentDecision(Optional.empty(), Optional.of(IntentFallback.AMBIGUOUS));
        }
        return new IntentDecision(Optional.of(best.getIntent()), Optional.empty());
    }
}
