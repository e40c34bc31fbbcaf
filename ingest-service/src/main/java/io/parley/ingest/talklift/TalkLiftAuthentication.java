package io.parley.ingest.talklift;

import io.parley.avro.User;
import io.parley.ingest.accounts.Accounts;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** TalkLift's {@code Authorization: Token <token>}: the user a call acts for, or 401. */
@Component
class TalkLiftAuthentication {

    private static final String SCHEME = "Token ";

    private final Accounts accounts;

    TalkLiftAuthentication(Accounts accounts) {
        this.accounts = accounts;
    }

    User user(String authorization) {
        if (authorization == null || !authorization.startsWith(SCHEME)) {
            throw new TalkLiftException(HttpStatus.UNAUTHORIZED, "Authentication credentials were not provided.");
        }
        return accounts.authenticate(authorization.substring(SCHEME.length()).strip())
                .orElseThrow(() -> new TalkLiftException(HttpStatus.UNAUTHORIZED, "Invalid token."));
    }
}
