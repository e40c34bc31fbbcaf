package io.parley.ingest.accounts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.parley.avro.AccountRecord;
import io.parley.avro.ApiToken;
import io.parley.avro.Organisation;
import io.parley.avro.Project;
import io.parley.avro.ProjectWebhook;
import io.parley.avro.User;
import io.parley.avro.WebhookSettings;
import io.parley.ingest.IngestProperties;
import io.parley.ingest.conversation.KafkaClients;
import io.parley.topics.CompactedTopicView;
import io.parley.topics.HasTopicView;
import io.parley.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Organisations, projects, users and API tokens, kept on a compacted topic that every ingest
 * instance reads whole: replicated and durable like the rest of Parley's state, with no database to
 * run beside Kafka. Passwords are kept as BCrypt hashes, tokens as SHA-256 hashes of 160 random bits.
 */
@Component
public class Accounts implements DisposableBean, HasTopicView {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
    private static final SecureRandom random = new SecureRandom();
    /** Checked against when the user is unknown, so a wrong e-mail takes as long as a wrong password. */
    private static final String UNKNOWN_USER_HASH = new BCryptPasswordEncoder().encode("no such user");

    private static final Logger log = LoggerFactory.getLogger(Accounts.class);

    private final BCryptPasswordEncoder passwords = new BCryptPasswordEncoder();
    private final SecretKeySpec tokenKey;
    private final CompactedTopicView<AccountRecord> view;
    private final KafkaProducer<String, AccountRecord> producer;
    private final KafkaProducer<String, ProjectWebhook> webhooks;

    Accounts(KafkaClients clients, IngestProperties properties) {
        String configured = properties.tokenKey();
        if (configured == null || configured.isBlank()) {
            // Tokens stay valid everywhere (their hashes are on the topic); only "the same token at each
            // sign-in" needs one key shared by every instance.
            log.warn("parley.ingest.token-key is not set: each instance hands out tokens of its own");
            byte[] random = new byte[32];
            Accounts.random.nextBytes(random);
            this.tokenKey = new SecretKeySpec(random, "HmacSHA256");
        } else {
            this.tokenKey = new SecretKeySpec(configured.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        }
        this.view = new CompactedTopicView<>(clients.follower(Topics.ACCOUNTS), Topics.ACCOUNTS);
        this.producer = clients.producer(Topics.ACCOUNTS);
        this.webhooks = clients.producer(Topics.PROJECT_WEBHOOKS);
    }

    /** A new organisation with one project owning {@code bots}, and its first user. */
    public NewAccount create(String organisation, String project, List<String> bots, String email, String password)
            throws ExecutionException, InterruptedException, TimeoutException {
        String username = email.strip().toLowerCase(Locale.ROOT);
        if (user(username).isPresent()) {
            throw new IllegalArgumentException("a user " + username + " exists already");
        }
        // One owner per bot: its webhooks, slot data and sessions must not be shared with a stranger.
        for (String bot : bots) {
            if (projectOwning(bot).isPresent()) {
                throw new IllegalArgumentException("the bot " + bot + " belongs to another project");
            }
        }
        long orgId = freeId("org:");
        long projectId = freeId("project:");
        Instant now = Instant.now();
        write("org:" + orgId, new AccountRecord(now, new Organisation(orgId, organisation)));
        write("project:" + projectId, new AccountRecord(now, new Project(projectId, orgId, project, List.copyOf(bots), null)));
        write("user:" + username, new AccountRecord(now,
                new User(username, orgId, List.of(projectId), passwords.encode(password), 0)));
        return new NewAccount(orgId, projectId, username);
    }

    /** The ids of a created account. */
    public record NewAccount(long orgId, long projectId, String username) {
    }

    /**
     * The user's token, if the password is right: the same token at every sign-in until it is revoked,
     * as Django REST framework's token authentication does, so signing in adds no record but the first.
     * It is an HMAC, under the deployment's token key, of the user, the token's generation and the
     * password hash: a new password also makes a new token.
     */
    public Optional<String> signIn(String username, String password)
            throws ExecutionException, InterruptedException, TimeoutException {
        Optional<User> user = user(username.strip().toLowerCase(Locale.ROOT));
        if (!passwords.matches(password, user.map(User::getPasswordHash).orElse(UNKNOWN_USER_HASH)) || user.isEmpty()) {
            return Optional.empty();
        }
        String token = currentToken(user.get());
        String key = "token:" + hash(token);
        if (view.get(key).isEmpty()) {
            write(key, new AccountRecord(Instant.now(), new ApiToken(hash(token), user.get().getEmail())));
        }
        return Optional.of(token);
    }

    /**
     * Revokes the token: it stops working at once on every instance (a tombstone on the topic), and the
     * user's next sign-in returns a new one. False when the token is not (or no longer) valid.
     */
    public boolean revoke(String token) throws ExecutionException, InterruptedException, TimeoutException {
        String key = "token:" + hash(token);
        Optional<User> user = authenticate(token);
        if (user.isEmpty()) {
            return false;
        }
        User next = User.newBuilder(user.get()).setTokenGeneration(user.get().getTokenGeneration() + 1).build();
        String userKey = "user:" + next.getEmail();
        write(userKey, new AccountRecord(view.get(userKey).map(AccountRecord::getCreatedAt).orElseGet(Instant::now), next));
        write(key, null);
        return true;
    }

    private String currentToken(User user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(tokenKey);
            byte[] digest = mac.doFinal((user.getEmail() + "\n" + user.getTokenGeneration() + "\n" + user.getPasswordHash())
                    .getBytes(StandardCharsets.UTF_8));
            // 160 bits, as before: 40 hex digits.
            return HexFormat.of().formatHex(digest, 0, 20);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** The user a token acts for. */
    public Optional<User> authenticate(String token) {
        return view.get("token:" + hash(token))
                .map(record -> (ApiToken) record.getEntity())
                .flatMap(apiToken -> user(apiToken.getEmail()));
    }

    /**
     * The project that owns the bot {@code company/botId}. Only accounts made before a bot had one owner
     * can share it; the lowest id wins then, as delivery decides.
     */
    public Optional<Project> projectOwning(String botKey) {
        return view.values().stream()
                .map(AccountRecord::getEntity)
                .filter(Project.class::isInstance)
                .map(Project.class::cast)
                .filter(project -> project.getBots().contains(botKey))
                .min(Comparator.comparingLong(Project::getId));
    }

    /** Whether the user may act on the project: it belongs to the user's organisation and the user to it. */
    public static boolean mayActOn(User user, Project project) {
        return project.getOrgId() == user.getOrgId() && user.getProjectIds().contains(project.getId());
    }

    /**
     * Sets where the project's webhook events go. The signing secret is kept, so the customer's
     * verification goes on working, unless there is none yet or {@code rotateSecret} asks for a new one.
     */
    public WebhookSettings setWebhook(Project project, String url, String username, String password, int timeoutMillis,
                                      boolean rotateSecret) throws ExecutionException, InterruptedException, TimeoutException {
        String secret;
        if (project.getWebhook() != null && !rotateSecret) {
            secret = project.getWebhook().getSigningSecret();
        } else {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            secret = "whsec_" + HexFormat.of().formatHex(bytes);
        }
        WebhookSettings webhook = new WebhookSettings(url, username, password, secret, timeoutMillis);
        String key = "project:" + project.getId();
        Instant created = view.get(key).map(AccountRecord::getCreatedAt).orElseGet(Instant::now);
        write(key, new AccountRecord(created, Project.newBuilder(project).setWebhook(webhook).build()));
        return webhook;
    }

    public Optional<Project> project(long projectId) {
        return view.get("project:" + projectId).map(record -> (Project) record.getEntity());
    }

    private Optional<User> user(String username) {
        return view.get("user:" + username).map(record -> (User) record.getEntity());
    }

    private long freeId(String kind) {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong(1, 1_000_000_000L);
        } while (view.get(kind + id).isPresent());
        return id;
    }

    /** Writes the record (a tombstone when null) and applies it to this instance's view at once. */
    private void write(String key, AccountRecord record) throws ExecutionException, InterruptedException, TimeoutException {
        if (record != null && record.getEntity() instanceof Project project) {
            // Delivery's copy first: a webhook set is never missing there once the project says it is set.
            publishWebhook(project);
        }
        producer.send(new ProducerRecord<>(Topics.ACCOUNTS.name(), key, record)).get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        view.put(key, record);
    }

    private void publishWebhook(Project project) throws ExecutionException, InterruptedException, TimeoutException {
        ProjectWebhook copy = new ProjectWebhook(project.getId(), project.getOrgId(), project.getBots(), project.getWebhook());
        webhooks.send(new ProducerRecord<>(Topics.PROJECT_WEBHOOKS.name(), "project:" + project.getId(), copy))
                .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Writes every project's webhook to delivery's topic once this instance has read the accounts: a
     * deployment upgraded from one where delivery read the accounts finds its webhooks there at once.
     * Rewriting a compacted record with the same value changes nothing.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void publishWebhooks() {
        try {
            for (AccountRecord record : view.values()) {
                if (record.getEntity() instanceof Project project) {
                    publishWebhook(project);
                }
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("could not copy the projects' webhooks to {} now; they are copied at the next change: {}",
                    Topics.PROJECT_WEBHOOKS.name(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    @Override
    public CompactedTopicView<?> topicView() {
        return view;
    }

    @Override
    public void destroy() {
        view.close();
        producer.close(WRITE_TIMEOUT);
        webhooks.close(WRITE_TIMEOUT);
    }
}
