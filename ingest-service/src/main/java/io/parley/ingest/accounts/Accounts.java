package io.parley.ingest.accounts;

import java.nio.charset.StandardCharsets;
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

import io.parley.avro.AccountRecord;
import io.parley.avro.ApiToken;
import io.parley.avro.Organisation;
import io.parley.avro.Project;
import io.parley.avro.User;
import io.parley.avro.WebhookSettings;
import io.parley.ingest.conversation.KafkaClients;
import io.parley.topics.CompactedTopicView;
import io.parley.topics.HasTopicView;
import io.parley.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.DisposableBean;
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

    private final BCryptPasswordEncoder passwords = new BCryptPasswordEncoder();
    private final CompactedTopicView<AccountRecord> view;
    private final KafkaProducer<String, AccountRecord> producer;

    Accounts(KafkaClients clients) {
        this.view = new CompactedTopicView<>(clients.follower(Topics.ACCOUNTS), Topics.ACCOUNTS);
        this.producer = clients.producer(Topics.ACCOUNTS);
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
                new User(username, orgId, List.of(projectId), passwords.encode(password))));
        return new NewAccount(orgId, projectId, username);
    }

    /** The ids of a created account. */
    public record NewAccount(long orgId, long projectId, String username) {
    }

    /** A new token for the user, if the password is right. */
    public Optional<String> signIn(String username, String password)
            throws ExecutionException, InterruptedException, TimeoutException {
        Optional<User> user = user(username.strip().toLowerCase(Locale.ROOT));
        if (!passwords.matches(password, user.map(User::getPasswordHash).orElse(UNKNOWN_USER_HASH)) || user.isEmpty()) {
            return Optional.empty();
        }
        byte[] secret = new byte[20];
        random.nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        write("token:" + hash(token), new AccountRecord(Instant.now(), new ApiToken(hash(token), user.get().getEmail())));
        return Optional.of(token);
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

    private void write(String key, AccountRecord record) throws ExecutionException, InterruptedException, TimeoutException {
        producer.send(new ProducerRecord<>(Topics.ACCOUNTS.name(), key, record)).get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        view.put(key, record);
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
    }
}
