package io.parley.nlu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class BoundedMatchingTest {

    /** Generous for a shared CI machine: unbounded, these patterns run for longer than the universe. */
    private static final Duration FAST = Duration.ofSeconds(2);

    @Test
    void aCatastrophicPatternIsNoMatchInsteadOfAStalledThread() {
        String text = "a".repeat(4_096);
        assertThat(assertTimeoutPreemptively(FAST, () -> BoundedMatching.find(Pattern.compile("(a+)+b"), text))).isFalse();
        assertThat(assertTimeoutPreemptively(FAST, () -> BoundedMatching.matches(Pattern.compile("(a|aa)+c"), text))).isFalse();
    }

    @Test
    void aSanePatternAnswersAsUsual() {
        assertThat(BoundedMatching.find(Pattern.compile("order\\s+\\d{4}", Pattern.CASE_INSENSITIVE), "my ORDER 1234 please")).isTrue();
        assertThat(BoundedMatching.matches(Pattern.compile("\\d{4}"), "1234")).isTrue();
        assertThat(BoundedMatching.matches(Pattern.compile("\\d{4}"), "12345")).isFalse();
    }
}
