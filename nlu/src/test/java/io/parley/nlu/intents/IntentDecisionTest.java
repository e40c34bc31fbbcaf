package io.parley.nlu.intents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.parley.avro.IntentFallback;
import io.parley.avro.IntentScore;
import org.junit.jupiter.api.Test;

class IntentDecisionTest {

    @Test
    void aConfidentClearWinnerIsActedOn() {
        IntentDecision decision = IntentDecision.of(List.of(score("pricing", 0.8), score("goodbye", 0.1)), 0.5, 0.1);
        assertThat(decision.intent()).contains("pricing");
        assertThat(decision.fallback()).isEmpty();
    }

    @Test
    void aWinnerBelowTheThresholdTakesTheFallbackForLowConfidence() {
        IntentDecision decision = IntentDecision.of(List.of(score("pricing", 0.45), score("goodbye", 0.05)), 0.5, 0.1);
        assertThat(decision.intent()).isEmpty();
        assertThat(decision.fallback()).contains(IntentFallback.LOW_CONFIDENCE);
    }

    @Test
    void twoIntentsCloserThanTheMarginAreAmbiguousEvenAboveTheThreshold() {
        IntentDecision decision = IntentDecision.of(List.of(score("book", 0.52), score("cancel", 0.46)), 0.4, 0.1);
        assertThat(decision.intent()).isEmpty();
        assertThat(decision.fallback()).contains(IntentFallback.AMBIGUOUS);
    }

    @Test
    void aMarginOfZeroNeverCallsATurnAmbiguous() {
        assertThat(IntentDecision.of(List.of(score("book", 0.5), score("cancel", 0.5)), 0.4, 0).intent()).contains("book");
    }

    @Test
    void aBotWithoutIntentsDecidesNothingAndNeedsNoFallback() {
        IntentDecision decision = IntentDecision.of(List.of(), 0.5, 0.1);
        assertThat(decision.intent()).isEmpty();
        assertThat(decision.fallback()).isEmpty();
    }

    private static IntentScore score(String intent, double confidence) {
        return new IntentScore(intent, confidence);
    }
}
