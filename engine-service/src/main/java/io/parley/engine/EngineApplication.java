package io.parley.engine;

import io.parley.topics.RegistrySerdes;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The conversation engine: a Kafka Streams application holding every conversation's state. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EngineApplication {

    /** Spring's config name, so the three services can share one JVM in the local stack. */
    public static final String CONFIG_NAME = "engine-service";

    public static void main(String[] args) {
        RegistrySerdes.trustParleyRecords();
        SpringApplication app = new SpringApplication(EngineApplication.class);
        app.setDefaultProperties(java.util.Map.of("spring.config.name", CONFIG_NAME));
        app.run(args);
    }
}
