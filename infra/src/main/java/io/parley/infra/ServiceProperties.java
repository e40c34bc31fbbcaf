package io.parley.infra;

import java.util.Map;

/** The Spring properties that point Parley's services at a broker and a registry. */
public final class ServiceProperties {

    private ServiceProperties() {
    }

    public static Map<String, String> of(String bootstrapServers, String registryUrl) {
        return Map.of(
                "spring.kafka.bootstrap-servers", bootstrapServers,
                "parley.ingest.registry-url", registryUrl,
                "parley.engine.registry-url", registryUrl,
                "parley.delivery.registry-url", registryUrl,
                "parley.analytics.registry-url", registryUrl);
    }
}
