package io.parley.localstack;

import java.util.HashMap;
import java.util.Map;

import io.parley.analytics.AnalyticsApplication;
import io.parley.delivery.DeliveryApplication;
import io.parley.engine.EngineApplication;
import io.parley.ingest.IngestApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts Parley's services in this JVM, each in an application context of its own, configured as the
 * docker-compose deployment configures their containers.
 */
public final class ParleyServices {

    private ParleyServices() {
    }

    public static ConfigurableApplicationContext engine(Map<String, String> properties, int port) {
        return run(EngineApplication.class, EngineApplication.CONFIG_NAME, properties, port);
    }

    public static ConfigurableApplicationContext delivery(Map<String, String> properties, int port) {
        return run(DeliveryApplication.class, DeliveryApplication.CONFIG_NAME, properties, port);
    }

    public static ConfigurableApplicationContext ingest(Map<String, String> properties, int port) {
        return run(IngestApplication.class, IngestApplication.CONFIG_NAME, properties, port);
    }

    public static ConfigurableApplicationContext analytics(Map<String, String> properties, int port) {
        return run(AnalyticsApplication.class, AnalyticsApplication.CONFIG_NAME, properties, port);
    }

    /** The port a started service listens on. */
    public static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "-1"));
    }

    private static ConfigurableApplicationContext run(Class<?> application, String configName,
                                                      Map<String, String> properties, int port) {
        Map<String, Object> all = new HashMap<>(properties);
        // Each service reads its own config file, so three can share one classpath.
        all.put("spring.config.name", configName);
        all.put("server.port", port);
        // As arguments, these outrank the service's own config file, as environment variables do in a container.
        String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(application)
                .main(application)
                .registerShutdownHook(false)
                .run(args);
    }
}
