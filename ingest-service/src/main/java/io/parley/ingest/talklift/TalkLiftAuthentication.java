package io.parley.ingest.talklift;

import java.util.Optional;

import io.parley.avro.User;
import io.parley.ingest.accounts.Accounts;
import io.parley.ingest.accounts.Throttle;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** TalkLift's {@code Authorization: Token <token>}: the user a call acts for, or 401. */
@Component
class TalkLiftAuthentication {

    private static final String SCHEME = "Token ";

    private final Accounts accounts;
    private final Throttle throttle;

    TalkLiftAuthentication(Accounts accounts, Throttle throttle) {
        this.accounts = accounts;
        this.throttle = throttle;
    }

    /** The caller, within its rate; a wrong token counts against the client's address, as a sign-in does. */
    User user(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.startsWith(SCHEME)) {
            throw new TalkLiftException(HttpStatus.UNAUTHORIZED, "Authentication credentials were not provided.");
        }
        Optional<User> user = accounts.authenticate(authorization.substring(SCHEME.length()).strip());
        if (user.isEmpty()) {
            throttle.attemptFrom(request.getRemoteAddr());
            throw new TalkLiftException(HttpStatus.UNAUTHORIZED, "Invalid token.");
        }
        throttle.call(user.get().getEmail());
        return user.get();
    }
}
