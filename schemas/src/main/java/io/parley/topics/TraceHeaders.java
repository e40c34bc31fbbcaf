package io.parley.topics;

import java.nio.charset.StandardCharsets;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A turn's trace context travels in Kafka record headers (W3C {@code traceparent}), never in the Avro
 * payloads, so a replay reads the same bytes whether tracing was on or not. Observations made with
 * these contexts let the tracer write and read the headers; with no tracer they cost nothing.
 */
public final class TraceHeaders {

    private TraceHeaders() {
    }

    /** An observation of writing a record to {@code topic}: starting it puts its trace context into {@code headers}. */
    public static Observation sending(String name, Topic<?, ?> topic, Headers headers, ObservationRegistry observations) {
        SenderContext<Headers> context = new SenderContext<>(TraceHeaders::replace, Kind.PRODUCER);
        context.setCarrier(headers);
        context.setRemoteServiceName("kafka");
        return Observation.createNotStarted(name, () -> context, observations)
                .contextualName(topic.name() + " send")
                .lowCardinalityKeyValue("messaging.destination.name", topic.name());
    }

    /** An observation of handling a record read from {@code topic}: it continues the trace its headers carry. */
    public static Observation receiving(String name, Topic<?, ?> topic, Headers headers, ObservationRegistry observations) {
        ReceiverContext<Headers> context = new ReceiverContext<>(TraceHeaders::read, Kind.CONSUMER);
        context.setCarrier(headers);
        context.setRemoteServiceName("kafka");
        return Observation.createNotStarted(name, () -> context, observations)
                .contextualName(topic.name() + " process")
                .lowCardinalityKeyValue("messaging.destination.name", topic.name());
    }

    /** One value per key: a record passed on carries the context of the hop that passed it on, not the one before. */
    private static void replace(Headers headers, String key, String value) {
        if (headers == null) {
            return;
        }
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(Headers headers, String key) {
        Header header = headers == null ? null : headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
