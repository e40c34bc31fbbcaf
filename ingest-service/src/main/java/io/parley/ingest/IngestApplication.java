package io.parley.ingest;

import java.util.Map;

import io.parley.topics.RegistrySerdes;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The HTTP edge: turns dialect requests into commands on Kafka and answers with the engine's reply. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestApplication {

    /** Spring's config name, so the three services can share one JVM in the local stack. */
    public static final String CONFIG_NAME = "ingest-service";

    public static void main(String[] args) {
        RegistrySerdes.trustParleyRecords();
        SpringApplication app = new SpringApplication(IngestApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        app.run(args);
    }
}
