package io.parley.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.parley.localstack.OtlpCollector.ReceivedSpan;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * One trace per turn, across the pipeline: a TALKR turn answered by an AI endpoint crosses ingest,
 * Kafka, the engine, Kafka again and delivery's call to the endpoint. Every service exports its spans
 * over OTLP to a collector on loopback, and the trace id the answer names ties them together.
 */
class TracingTest {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static RunningParley parley;
    private static long botId;

    @BeforeAll
    static void publishAssistant() throws Exception {
        parley = RunningParley.get();
        botId = parley.publish(Files.readString(Path.of("..", "bots", "parley-demo-3.yaml")).replace("botId: 3", "botId: 390"));
    }

    @Test
    void oneTurnIsOneTraceFromTheRequestThroughTheEngineAndDeliveryToTheAiEndpoint() throws Exception {
        String session = json.readTree(talkr("{}").body()).path("session").asString();
        HttpResponse<String> turn = talkr(json.writeValueAsString(Map.of("message", "What is Parley?", "session", session,
                "tracking", "welcome", "variables", Map.of("userresponse", "What is Parley?"))));
        String traceId = turn.headers().firstValue("X-Trace-Id").orElseThrow();
        assertThat(traceId).matches("[0-9a-f]{32}");

        // Spans arrive in batches, each when it ends: the whole chain is awaited, not only its first hops.
        await().atMost(PATIENCE).untilAsserted(() -> {
            List<ReceivedSpan> trace = parley.traces.trace(traceId);
            assertThat(services(trace)).containsExactlyInAnyOrder("parley-ingest", "parley-engine", "parley-delivery");

            // The hops are parent and child, not merely the same id: ingest's write -> the engine's decision ->
            // its outputs -> delivery's handling -> delivery's call, whose traceparent the endpoint received.
            ReceivedSpan request = only(trace, span -> span.service().equals("parley-ingest") && span.kind().equals("SPAN_KIND_SERVER"));
            ReceivedSpan written = only(trace, span -> span.service().equals("parley-ingest") && span.kind().equals("SPAN_KIND_PRODUCER"));
            assertThat(written.parentSpanId()).isEqualTo(request.spanId());
            ReceivedSpan decided = only(trace, span -> span.service().equals("parley-engine") && span.parentSpanId().equals(written.spanId()));
            assertThat(decided.kind()).as("the engine continues the command's trace").isEqualTo("SPAN_KIND_CONSUMER");
            ReceivedSpan passedOn = only(trace, span -> span.parentSpanId().equals(decided.spanId()));
            List<String> handledByDelivery = trace.stream()
                    .filter(span -> span.service().equals("parley-delivery") && span.parentSpanId().equals(passedOn.spanId()))
                    .map(ReceivedSpan::spanId).toList();
            assertThat(handledByDelivery).as("delivery's work is a child of the engine's decision").isNotEmpty();
            ReceivedSpan called = only(trace, span -> span.kind().equals("SPAN_KIND_CLIENT") && handledByDelivery.contains(span.parentSpanId()));
            assertThat(called.service()).isEqualTo("parley-delivery");
            assertThat(parley.deploymentAi.traceparents).anyMatch(header -> header.startsWith("00-" + traceId + "-" + called.spanId() + "-"));
            assertThat(trace).as("no span of the turn is a root but the request's").filteredOn(span -> span.parentSpanId().isEmpty())
                    .containsExactly(request);
        });
    }

    @Test
    void twoTurnsAreTwoTraces() throws Exception {
        HttpResponse<String> first = talkr("{}");
        HttpResponse<String> second = talkr("{}");
        assertThat(first.headers().firstValue("X-Trace-Id")).isPresent()
                .isNotEqualTo(second.headers().firstValue("X-Trace-Id"));
    }

    private static Set<String> services(List<ReceivedSpan> trace) {
        return trace.stream().map(ReceivedSpan::service).collect(Collectors.toSet());
    }

    private static ReceivedSpan only(List<ReceivedSpan> trace, Predicate<ReceivedSpan> which) {
        List<ReceivedSpan> found = trace.stream().filter(which).toList();
        assertThat(found).as("in %s", trace).hasSize(1);
        return found.get(0);
    }

    private static HttpResponse<String> talkr(String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(parley.talkrEndpoint(botId, "web")))
                .header("Content-Type", "application/json").header("X-Talkr-Query", "1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }
}
