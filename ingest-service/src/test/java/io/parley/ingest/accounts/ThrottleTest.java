package io.parley.ingest.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import io.parley.ingest.IngestProperties;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ThrottleTest {

    private final Throttle throttle = new Throttle(new IngestProperties(null, null, Duration.ofSeconds(5),
            DataSize.ofKilobytes(64), null, DataSize.ofMegabytes(1), new IngestProperties.Messenger(null, null),
            new IngestProperties.RateLimit(0.01, 3), new IngestProperties.SignInLimit(0.01, 2), null, null, false));

    @Test
    void oneUsernameIsGuessedAtAtItsOwnRateFromAnyNumberOfAddresses() {
        throttle.signInAs("ada@example.com");
        throttle.signInAs("ada@example.com");
        assertThatThrownBy(() -> throttle.signInAs("ada@example.com"))
                .isInstanceOfSatisfying(Throttle.ThrottledException.class,
                        e -> assertThat(e.retryAfterSeconds()).isGreaterThan(60));
        throttle.signInAs("bob@example.com");
        throttle.attemptFrom("10.0.0.1");
    }

    @Test
    void eachUserHasItsOwnBucketOfCalls() {
        for (int i = 0; i < 3; i++) {
            throttle.call("ada@example.com");
        }
        assertThatThrownBy(() -> throttle.call("ada@example.com")).isInstanceOf(Throttle.ThrottledException.class);
        throttle.call("bob@example.com");
    }
}
