package io.parley.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docker-compose.yml cannot be run here (no Docker engine), so it is checked against the build: the
 * services it names exist, every variable it sets is a configuration property of that service, and
 * the images are the ones the build configures.
 */
class DockerComposeContractTest {

    /** Compose service -> the module whose image it runs. */
    private static final Map<String, String> APPLICATIONS = Map.of(
            "ingest", "ingest-service", "engine", "engine-service", "delivery", "delivery-service",
            "analytics", "analytics-service");

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
        String prefix = text(pom(Path.of("..", "pom.xml")), "parley.image.prefix");
        for (Map.Entry<String, String> app : APPLICATIONS.entrySet()) {
            Document pom = pom(Path.of("..", app.getValue(), "pom.xml"));
            String artifactId = pom.getDocumentElement().getElementsByTagName("artifactId").item(1).getTextContent();
            String version = pom.getDocumentElement().getElementsByTagName("version").item(0).getTextContent();
            assertThat(services.get(app.getKey()).get("image")).as(app.getKey())
                    .isEqualTo(prefix + "/" + artifactId + ":" + version);
        }
        assertThat((String) services.get("topics").get("image")).isEqualTo(services.get("engine").get("image"));
    }

    @Test
    void everyEnvironmentVariableIsAConfigurationPropertyOfItsService() throws Exception {
        for (Map.Entry<String, String> app : APPLICATIONS.entrySet()) {
            Set<String> known = environmentNames(app.getValue());
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

    /**
     * The environment variable names that bind to the service's properties, by Spring's rule:
     * upper case, dots to underscores, dashes removed. Parley's own properties must be the service's.
     */
    private static Set<String> environmentNames(String module) throws Exception {
        String ownPrefix = "parley." + module.replace("-service", "") + ".";
        Set<String> names = new HashSet<>();
        JsonMapper json = JsonMapper.builder().build();
        for (URL url : Collections.list(DockerComposeContractTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    String name = property.path("name").asString();
                    if (name.startsWith("parley.") && !name.startsWith(ownPrefix)) {
                        continue;
                    }
                    names.add(name.toUpperCase(Locale.ROOT).replace(".", "_").replace("-", ""));
                }
            }
        }
        assertThat(names).as("metadata of " + module).anyMatch(n -> n.startsWith(ownPrefix.toUpperCase(Locale.ROOT).replace(".", "_")));
        return names;
    }

    private static Document pom(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static String text(Document pom, String tag) {
        return pom.getElementsByTagName(tag).item(0).getTextContent();
    }
}
