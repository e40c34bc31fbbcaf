package io.parley.delivery;

import java.util.Map;

import io.parley.topics.RegistrySerdes;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Pushes the engine's replies to users' channels and calls customers' webhooks. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DeliveryApplication {

    /** Spring's config name, so the three services can share one JVM in the local stack. */
    public static final String CONFIG_NAME = "delivery-service";

    public static void main(String[] args) {
        RegistrySerdes.trustParleyRecords();
        SpringApplication app = new SpringApplication(DeliveryApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        app.run(args);
    }
}
