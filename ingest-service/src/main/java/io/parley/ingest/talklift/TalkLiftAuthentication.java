package io.parley.ingest.talklift;

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
        return throttle.counted(accounts.authenticate(token(request)), request.getRemoteAddr())
                .orElseThrow(TalkLiftAuthentication::invalidToken);
    }

    /** The token the call carries, valid or not; 401 when it carries none. */
    static String token(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.startsWith(SCHEME)) {
            throw new TalkLiftException(HttpStatus.UNAUTHORIZED, "Authentication credentials were not provided.");
        }
        return authorization.substring(SCHEME.length()).strip();
    }

    static TalkLiftException invalidToken() {
        return new TalkLiftException(HttpStatus.UNAUTHORIZED, "Invalid token.");
    }
}
