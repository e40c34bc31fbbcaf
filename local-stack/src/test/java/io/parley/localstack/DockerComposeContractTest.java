package io.parley.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot be run here (no Docker engine), so it is checked against the build: the
 * services it names exist, every variable it sets is a configuration property of that service, and
 * the images are the ones the build configures.
 */
class DockerComposeContractTest {

    private static final Map<String, String> APPLICATIONS = ServiceModules.APPLICATIONS;

    private static Map<String, Map<String, Object>> services;
    private static Map<String, Map<String, Object>> networks;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readCompose() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("..", "docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(in);
            services = (Map<String, Map<String, Object>>) compose.get("services");
            networks = (Map<String, Map<String, Object>>) compose.get("networks");
        }
    }

    @Test
    void theDeploymentHasKafkaTheRegistryTopicInitAndTheFourServices() {
        assertThat(services).containsKeys("kafka", "registry", "topics", "ingest", "engine", "delivery", "analytics");
        assertThat((String) services.get("registry").get("image")).startsWith("apicurio/apicurio-registry:3.");
        assertThat(services.get("kafka").get("environment").toString()).contains("KAFKA_PROCESS_ROLES=broker,controller");
        APPLICATIONS.values().forEach(module -> assertThat(Path.of("..", module, "pom.xml")).exists());
    }

    @Test
    void everyServiceImageIsTheOneTheBuildConfigures() throws Exception {
        for (Map.Entry<String, String> app : APPLICATIONS.entrySet()) {
            assertThat(services.get(app.getKey()).get("image")).as(app.getKey())
                    .isEqualTo(ServiceModules.image(app.getValue()));
        }
        assertThat((String) services.get("topics").get("image")).isEqualTo(services.get("engine").get("image"));
    }

    @Test
    void everyEnvironmentVariableIsAConfigurationPropertyOfItsService() throws Exception {
        for (Map.Entry<String, String> app : APPLICATIONS.entrySet()) {
            Set<String> known = ServiceModules.environmentNames(app.getValue());
            Map<String, Object> environment = environment(app.getKey());
            assertThat(environment).as(app.getKey()).isNotEmpty();
            assertThat(environment.keySet()).as("variables of %s", app.getKey()).allSatisfy(name ->
                    assertThat(known).as("%s sets %s", app.getKey(), name).contains(name));
        }
    }

    @Test
    void theEngineCanBeScaledAndEveryServiceHasAHealthCheck() {
        Map<String, Object> engine = services.get("engine");
        assertThat(engine).doesNotContainKeys("ports", "container_name");
        for (String service : List.of("kafka", "registry", "ingest", "engine", "delivery", "analytics")) {
            assertThat(services.get(service)).as(service).containsKey("healthcheck");
        }
        assertThat(services.get("topics").get("entrypoint").toString()).contains("io.parley.topics.TopicProvisioner");
    }

    @Test
    void theBrokerAndTheRegistryAreReachableFromParleysServicesOnly() {
        assertThat(networks.get("internal")).containsEntry("internal", true);
        for (String service : List.of("kafka", "registry", "topics", "engine")) {
            assertThat(services.get(service)).as(service).doesNotContainKey("ports");
            assertThat(services.get(service).get("networks")).as(service).isEqualTo(List.of("internal"));
        }
        for (String edge : List.of("ingest", "delivery", "analytics")) {
            assertThat(services.get(edge).get("networks")).as(edge).isEqualTo(List.of("internal", "edge"));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(String service) {
        return (Map<String, Object>) services.get(service).getOrDefault("environment", Collections.emptyMap());
    }
}
