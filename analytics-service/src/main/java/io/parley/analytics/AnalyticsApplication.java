package io.parley.analytics;

import java.util.Map;

import io.parley.topics.RegistrySerdes;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** Analytics: a Kafka Streams application computing every bot's figures from the log, and the console that shows them. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AnalyticsApplication {

    /** Spring's config name, so the services can share one JVM in the local stack. */
    public static final String CONFIG_NAME = "analytics-service";

    /** One serde factory for the service: the topology's and the readers' (views, transcripts). */
    @Bean
    RegistrySerdes registrySerdes(AnalyticsProperties settings) {
        return new RegistrySerdes(settings.registryUrl());
    }

    public static void main(String[] args) {
        RegistrySerdes.trustParleyRecords();
        SpringApplication app = new SpringApplication(AnalyticsApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        app.run(args);
    }
}
