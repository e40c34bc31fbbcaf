package io.parley.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the build says about each service, for the checks of the deployment files (docker-compose.yml,
 * the Kubernetes manifests): its image, its own configuration file, and the environment variables
 * that bind to its configuration properties.
 */
final class ServiceModules {

    /** Deployment name (compose service, Kubernetes workload) -> the module whose image it runs. */
    static final Map<String, String> APPLICATIONS = Map.of(
            "ingest", "ingest-service", "engine", "engine-service", "delivery", "delivery-service",
            "analytics", "analytics-service");

    private ServiceModules() {
    }

    /** The image the build (Jib, configured in the parent pom) gives the module. */
    static String image(String module) throws Exception {
        String prefix = text(pom(Path.of("..", "pom.xml")), "parley.image.prefix");
        Document pom = pom(Path.of("..", module, "pom.xml"));
        String artifactId = pom.getDocumentElement().getElementsByTagName("artifactId").item(1).getTextContent();
        String version = pom.getDocumentElement().getElementsByTagName("version").item(0).getTextContent();
        return prefix + "/" + artifactId + ":" + version;
    }

    /** The module's own configuration file, {@code src/main/resources/<module>.yml}, as the source tree has it. */
    static Map<String, Object> configuration(String module) throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("..", module, "src", "main", "resources", module + ".yml"))) {
            return new Yaml().load(in);
        }
    }

    /**
     * The environment variable names that bind to the service's properties, by Spring's rule:
     * upper case, dots to underscores, dashes removed. Parley's own properties must be the service's.
     */
    static Set<String> environmentNames(String module) throws Exception {
        String ownPrefix = "parley." + module.replace("-service", "") + ".";
        Set<String> names = new HashSet<>();
        JsonMapper json = JsonMapper.builder().build();
        for (URL url : Collections.list(ServiceModules.class.getClassLoader()
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
