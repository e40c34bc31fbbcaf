package io.parley.delivery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the delivery service. Broker address and client settings come from {@code spring.kafka.*}.
 *
 * @param registryUrl URL of the schema registry's API that the Avro serde talks to
 * @param groupId     prefix of the delivery instances' consumer groups; partitions are shared among them
 * @param ai          the OpenAI-compatible chat-completions endpoint AI blocks use
 */
@ConfigurationProperties(prefix = "parley.delivery")
public record DeliveryProperties(
        String registryUrl,
        @DefaultValue("parley-delivery") String groupId,
        @DefaultValue Ai ai) {

    /**
     * @param baseUrl base URL of the chat-completions API (a bot may name its own)
     * @param model   model used when the bot names none
     * @param apiKey  bearer key sent to the endpoint; never part of a bot definition
     * @param timeout how long one call may take before the fallback answer is used
     */
    public record Ai(
            @DefaultValue("https://api.openai.com/v1") String baseUrl,
            @DefaultValue("gpt-4o-mini") String model,
            String apiKey,
            @DefaultValue("20s") Duration timeout) {
    }
}
