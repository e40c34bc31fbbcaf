package io.parley.analytics.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.parley.analytics.LogReaders;
import io.parley.avro.AccountRecord;
import io.parley.avro.ApiToken;
import io.parley.avro.Project;
import io.parley.avro.User;
import io.parley.topics.CompactedTopicView;
import io.parley.topics.HasTopicView;
import io.parley.topics.Topics;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Who a console request acts for: the TalkLift token it carries (the console's cookie, or
 * {@code Authorization: Token ...} for scripts), looked up on the accounts topic as ingest keeps it
 * (only the token's hash is stored), and the bots of that user's projects. A revoked token or a
 * project's new bot counts from the next request.
 */
@Component
public class ConsoleAccounts implements HasTopicView, DisposableBean {

    /** The console's cookie: the TalkLift token, HttpOnly so the page's scripts never hold it. */
    public static final String COOKIE = "parley_console";
    private static final String SCHEME = "Token ";

    private final CompactedTopicView<AccountRecord> accounts;

    ConsoleAccounts(LogReaders readers) {
        this.accounts = new CompactedTopicView<>(readers.reader(Topics.ACCOUNTS), Topics.ACCOUNTS);
    }

    /** The viewer of a request; 401 when it carries no valid token. */
    public Viewer viewer(HttpServletRequest request) {
        return token(request).flatMap(this::viewer).orElseThrow(ConsoleException::notSignedIn);
    }

    /**
     * The viewer of a token ingest has just handed out: its record may still be on its way to this
     * instance's view, so wait for it a little.
     */
    Optional<Viewer> awaitViewer(String token, Duration timeout) throws InterruptedException {
        accounts.await("token:" + sha256(token), record -> true, timeout);
        return viewer(token);
    }

    Optional<Viewer> viewer(String token) {
        return accounts.get("token:" + sha256(token))
                .map(record -> (ApiToken) record.getEntity())
                .flatMap(apiToken -> accounts.get("user:" + apiToken.getEmail()))
                .map(record -> (User) record.getEntity())
                .map(user -> new Viewer(user.getEmail(), botsOf(user)));
    }

    private Set<String> botsOf(User user) {
        Set<String> bots = new TreeSet<>();
        for (long projectId : user.getProjectIds()) {
            accounts.get("project:" + projectId)
                    .map(record -> (Project) record.getEntity())
                    .filter(project -> project.getOrgId() == user.getOrgId())
                    .ifPresent(project -> bots.addAll(project.getBots()));
        }
        return bots;
    }

    private static Optional<String> token(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.startsWith(SCHEME)) {
            return Optional.of(authorization.substring(SCHEME.length()).strip());
        }
        Cookie[] cookies = request.getCookies();
        return cookies == null ? Optional.empty()
                : Arrays.stream(cookies).filter(cookie -> COOKIE.equals(cookie.getName())).map(Cookie::getValue).findFirst();
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public CompactedTopicView<?> topicView() {
        return accounts;
    }

    @Override
    public void destroy() {
        accounts.close();
    }
}
