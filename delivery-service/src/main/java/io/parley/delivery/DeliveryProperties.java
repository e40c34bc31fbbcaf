package io.parley.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the delivery service. Broker address and client settings come from {@code spring.kafka.*}.
 *
 * @param registryUrl URL of the schema registry's API that the Avro serde talks to
 * @param groupId     consumer group of the delivery instances; partitions are shared among them
 */
@ConfigurationProperties(prefix = "parley.delivery")
public record DeliveryProperties(
        String registryUrl,
        @DefaultValue("parley-delivery") String groupId) {
}
