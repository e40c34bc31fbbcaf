package io.parley.benchmark.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.parley.infra.FreePorts;
import io.parley.infra.KafkaCluster;
import io.parley.infra.RegistryServer;
import io.parley.infra.ServiceProperties;
import io.parley.topics.TopicProvisioner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parley deployed as production deploys it, on loopback: a KRaft cluster of three nodes (replication
 * factor 3, {@code min.insync.replicas} 2), the registry, and two instances of each of ingest, the
 * engine and delivery as JVMs of their own from the services' executable jars.
 */
final class Deployment implements AutoCloseable {

    static final int BROKERS = 3;
    static final int INSTANCES = 2;
    private static final int PARTITIONS = 6;
    private static final JsonMapper json = JsonMapper.builder().build();

    final KafkaCluster kafka;
    private final Path dataDir;
    private final Path logs;
    private final int registryPort;
    private RegistryServer registry;
    final List<ServiceInstance> ingest = new ArrayList<>();
    final List<ServiceInstance> engines = new ArrayList<>();
    final List<ServiceInstance> delivery = new ArrayList<>();
    final String adminToken = UUID.randomUUID().toString();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Deployment(KafkaCluster kafka, Path dataDir, Path logs, int registryPort) {
        this.kafka = kafka;
        this.dataDir = dataDir;
        this.logs = logs;
        this.registryPort = registryPort;
    }

    /** @param settings extra settings for every service instance (they win over the deployment's own) */
    static Deployment start(Path projectDir, Path dataDir, int standbyReplicas, List<String> kafkaFeatures,
                            Map<String, String> settings) throws Exception {
        Path logs = dataDir.resolve("logs");
        KafkaCluster kafka = KafkaCluster.start(BROKERS, dataDir.resolve("kafka"), logs, kafkaFeatures);
        Deployment deployment = new Deployment(kafka, dataDir, logs, FreePorts.next());
        try {
            deployment.startRest(projectDir, standbyReplicas, settings);
        } catch (Exception e) {
            deployment.close();
            throw e;
        }
        return deployment;
    }

    private void startRest(Path projectDir, int standbyReplicas, Map<String, String> settings) throws Exception {
        startRegistry();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            new TopicProvisioner(PARTITIONS, (short) BROKERS).ensureTopics(admin);
        }
        Map<String, String> common = new HashMap<>(ServiceProperties.of(kafka.bootstrapServers(), registry.apiUrl()));
        String pushTicketKey = UUID.randomUUID().toString();
        common.put("parley.ingest.admin-token", adminToken);
        common.put("parley.ingest.push-ticket-key", pushTicketKey);
        common.put("parley.delivery.push.ticket-key", pushTicketKey);
        common.put("parley.ingest.token-key", UUID.randomUUID().toString());
        // The customer's server is on loopback here; in production this stays off.
        common.put("parley.delivery.allow-private-addresses", "true");
        // A client that retries does so at a rate no real user would; the limit is not what is measured.
        common.put("parley.ingest.rate-limit.per-second", "1000");
        common.put("parley.ingest.rate-limit.burst", "1000");
        common.putAll(settings);
        for (int i = 1; i <= INSTANCES; i++) {
            Map<String, String> engine = new HashMap<>(common);
            engine.put("spring.kafka.streams.state-dir", dataDir.resolve("engine-" + i).toString());
            engine.put("parley.engine.standby-replicas", Integer.toString(standbyReplicas));
            engines.add(ServiceInstance.launch(projectDir, "engine-service", "engine-" + i, "512m", FreePorts.next(), engine, logs));
        }
        for (int i = 1; i <= INSTANCES; i++) {
            delivery.add(ServiceInstance.launch(projectDir, "delivery-service", "delivery-" + i, "512m", FreePorts.next(),
                    common, logs));
        }
        for (int i = 1; i <= INSTANCES; i++) {
            ingest.add(ServiceInstance.launch(projectDir, "ingest-service", "ingest-" + i, "1g", FreePorts.next(), common, logs));
        }
        for (ServiceInstance instance : all()) {
            instance.awaitReady();
        }
    }

    List<ServiceInstance> all() {
        List<ServiceInstance> all = new ArrayList<>(engines);
        all.addAll(delivery);
        all.addAll(ingest);
        return all;
    }

    String registryUrl() {
        return registry.apiUrl();
    }

    void startRegistry() throws IOException {
        registry = RegistryServer.start(registryPort, dataDir.resolve("registry"), logs.resolve("registry.log"));
    }

    void stopRegistry() {
        registry.close();
    }

    /** Publishes a bot file through the admin API of the first ingest instance. */
    void publish(String yaml) throws IOException, InterruptedException {
        HttpResponse<String> published = send(ingest.get(0).url().resolve("/admin/bots"), "application/yaml", yaml,
                "Bearer " + adminToken);
        if (published.statusCode() != 201) {
            throw new IllegalStateException("bot not published (" + published.statusCode() + "): " + published.body());
        }
    }

    /** An organisation owning {@code bots}, its API token and its project's webhook pointed at {@code webhookUrl}. */
    Customer signUp(List<String> bots, String webhookUrl) throws IOException, InterruptedException {
        String email = "faults." + UUID.randomUUID() + "@example.com";
        String password = "a long enough secret";
        URI base = ingest.get(0).url();
        JsonNode account = json.readTree(send(base.resolve("/admin/accounts"), "application/json", json.writeValueAsString(Map.of(
                "organisation", "Faults", "project", "Claims", "bots", bots, "email", email, "password", password)),
                "Bearer " + adminToken).body());
        String token = json.readTree(send(base.resolve("/api-token-auth/"), "application/json",
                json.writeValueAsString(Map.of("username", email, "password", password)), null).body()).path("token").asString();
        long project = account.path("project_id").asLong();
        HttpResponse<String> webhook = send(base.resolve("/api/v1/projects/" + project + "/webhook/"), "application/json",
                json.writeValueAsString(Map.of("url", webhookUrl)), "Token " + token, "PUT");
        if (webhook.statusCode() != 200) {
            throw new IllegalStateException("webhook not set (" + webhook.statusCode() + "): " + webhook.body());
        }
        return new Customer(account.path("org_id").asLong(), project, token);
    }

    /** The customer's identity on the TalkLift API. */
    record Customer(long org, long project, String token) {
    }

    private HttpResponse<String> send(URI uri, String contentType, String body, String authorization)
            throws IOException, InterruptedException {
        return send(uri, contentType, body, authorization, "POST");
    }

    private HttpResponse<String> send(URI uri, String contentType, String body, String authorization, String method)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Services first, so their clients close before the registry and the brokers go. */
    @Override
    public void close() {
        List<ServiceInstance> services = all();
        java.util.Collections.reverse(services);
        services.forEach(ServiceInstance::close);
        if (registry != null) {
            registry.close();
        }
        kafka.close();
    }
}
