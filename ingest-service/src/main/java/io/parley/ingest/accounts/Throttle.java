package io.parley.ingest.accounts;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.parley.avro.User;
import io.parley.ingest.IngestProperties;
import org.springframework.stereotype.Component;

/**
 * Token buckets for everything a caller may try too often: API calls per authenticated user,
 * sign-ins per client address and per username, failed authentications per client address.
 * Buckets live in a bounded cache and are forgotten once full again, so a flood of new keys
 * (a new header, username or address with each request) costs a bounded amount of memory. They are
 * per ingest instance: N instances let through up to N times each rate.
 */
@Component
public class Throttle {

    /** A caller over its rate; each dialect answers 429 with {@code Retry-After} in its own format. */
    public static final class ThrottledException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final long retryAfterSeconds;

        ThrottledException(long retryAfterSeconds) {
            super("Request was throttled. Expected available in " + retryAfterSeconds + " seconds.", null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    private final Limit calls;
    private final Limit signIns;

    Throttle(IngestProperties properties) {
        this.calls = new Limit(properties.rateLimit().perSecond(), properties.rateLimit().burst());
        this.signIns = new Limit(properties.signInLimit().perSecond(), properties.signInLimit().burst());
    }

    /**
     * A call made with a token: the user it acts for, counted against that user's rate; a token that
     * is not valid counts against the client's address, as a sign-in does, whatever header it came in.
     */
    public Optional<User> counted(Optional<User> user, String address) {
        if (user.isPresent()) {
            call(user.get().getEmail());
        } else {
            attemptFrom(address);
        }
        return user;
    }

    /** One API call of an authenticated user. */
    public void call(String username) {
        calls.take("user " + username);
    }

    /** A sign-in attempt, or a call with credentials that are not valid, from a client address. */
    public void attemptFrom(String address) {
        signIns.take("address " + address);
    }

    /** A sign-in attempt for a username, from wherever it comes: guessing one user's password from many addresses is slowed too. */
    public void signInAs(String username) {
        signIns.take("username " + username);
    }

    private static final class Limit {
        private final int burst;
        private final Duration refill;
        private final Cache<String, Bucket> buckets;

        Limit(double perSecond, int burst) {
            this.burst = burst;
            this.refill = Duration.ofNanos((long) Math.ceil(burst / perSecond * 1e9));
            // A bucket untouched for as long as it takes to refill is as good as new: it can be dropped.
            this.buckets = Caffeine.newBuilder().maximumSize(200_000).expireAfterAccess(refill).build();
        }

        void take(String key) {
            Bucket bucket = buckets.get(key, k -> Bucket.builder()
                    .addLimit(limit -> limit.capacity(burst).refillGreedy(burst, refill)).build());
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                throw new ThrottledException(Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1));
            }
        }
    }
}
