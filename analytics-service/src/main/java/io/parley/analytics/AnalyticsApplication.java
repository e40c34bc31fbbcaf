package io.parley.analytics;

import java.util.Map;

import io.parley.topics.RegistrySerdes;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Analytics: a Kafka Streams application computing every bot's figures from the log, and the console that shows them. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AnalyticsApplication {

    /** Spring's config name, so the services can share one JVM in the local stack. */
    public static final String CONFIG_NAME = "analytics-service";

    public static void main(String[] args) {
        RegistrySerdes.trustParleyRecords();
        SpringApplication app = new SpringApplication(AnalyticsApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        app.run(args);
    }
}
