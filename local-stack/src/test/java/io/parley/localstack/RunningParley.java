package io.parley.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.parley.analytics.topology.AnalyticsStreams;
import io.parley.engine.topology.EngineStreams;
import io.parley.infra.FreePorts;
import io.parley.infra.SharedTestInfrastructure;
import io.parley.ingest.bots.BotFileReader;
import io.parley.ingest.bots.BotPublisher;
import org.awaitility.Awaitility;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The services on the shared test broker and registry, started once per test JVM as the local
 * stack starts them, with two ingest instances and the example bots published.
 */
final class RunningParley {

    /** The deployment's key for the AI endpoint, as the endpoint must receive it. */
    static final String AI_KEY = "test-ai-key";
    static final String ADMIN_TOKEN = "test-admin-token";
    static final String MESSENGER_APP_SECRET = "test-app-secret";
    static final String MESSENGER_VERIFY_TOKEN = "verify-me";
    static final String MESSENGER_PAGE_TOKEN = "PAGE-ACCESS-TOKEN";
    static final String PUSH_TICKET_KEY = "test-push-ticket-key";

    private static RunningParley instance;

    final SharedTestInfrastructure infra;
    final ConfigurableApplicationContext engine;
    final ConfigurableApplicationContext delivery;
    final ConfigurableApplicationContext secondDelivery;
    final ConfigurableApplicationContext ingest;
    final ConfigurableApplicationContext secondIngest;
    /** Analytics and its console; replaced by {@link #restartAnalytics()}. */
    private ConfigurableApplicationContext analytics;
    final ConfigurableApplicationContext secondAnalytics;
    private final Map<String, String> analyticsProperties;
    /** Messenger's Send API, as the delivery service calls it. */
    final FakeGraphApi graph;
    /** The deployment's chat-completions endpoint (bots may name their own). */
    final FakeChatCompletions deploymentAi;
    /** Where every service exports its spans. */
    final OtlpCollector traces;

    private RunningParley() throws Exception {
        infra = SharedTestInfrastructure.get();
        graph = new FakeGraphApi();
        infra.closeBeforeStop(graph);
        deploymentAi = new FakeChatCompletions();
        infra.closeBeforeStop(deploymentAi);
        traces = new OtlpCollector();
        infra.closeBeforeStop(traces);
        Map<String, String> properties = new HashMap<>(infra.serviceProperties());
        properties.put("parley.ingest.messenger.app-secret", MESSENGER_APP_SECRET);
        properties.put("parley.ingest.admin-token", ADMIN_TOKEN);
        properties.put("parley.ingest.messenger.verify-token", MESSENGER_VERIFY_TOKEN);
        properties.put("parley.delivery.messenger.graph-base-url", graph.baseUrl());
        properties.put("parley.delivery.messenger.page-access-tokens.demo-page", MESSENGER_PAGE_TOKEN);
        properties.put("parley.delivery.messenger.attempts", "3");
        // The far ends of these tests are servers on loopback.
        properties.put("parley.delivery.allow-private-addresses", "true");
        properties.put("parley.delivery.telephony.retry-delay", "200ms");
        properties.put("parley.delivery.messenger.retry-delay", "200ms");
        properties.put("parley.delivery.messenger.max-retry-delay", "400ms");
        properties.put("parley.delivery.webhooks.attempts", "4");
        properties.put("parley.delivery.webhooks.retry-delay", "200ms");
        properties.put("parley.delivery.webhooks.max-retry-delay", "400ms");
        properties.put("spring.kafka.streams.state-dir", Files.createTempDirectory("engine-state").toString());
        properties.put("parley.delivery.ai.api-key", AI_KEY);
        properties.put("parley.delivery.ai.base-url", deploymentAi.baseUrl());
        // A loaded 2-core CI machine can take seconds for a first turn; the timeout itself is tested in ingest.
        properties.put("parley.ingest.reply-timeout", "30s");
        // Every test signs in from 127.0.0.1; the throttle itself is tested in ingest.
        properties.put("parley.ingest.sign-in-limit.burst", "100000");
        properties.put("parley.ingest.push-ticket-key", PUSH_TICKET_KEY);
        properties.put("parley.ingest.demo-page", "true");
        properties.put("parley.delivery.push.ticket-key", PUSH_TICKET_KEY);
        properties.put("parley.delivery.ai.timeout", "2s");
        properties.put("management.opentelemetry.tracing.export.otlp.endpoint", traces.endpoint());
        // Spans are sent in batches; a test waits for them, so send them soon.
        properties.put("management.opentelemetry.tracing.export.schedule-delay", "200ms");
        engine = started(ParleyServices.engine(properties, 0));
        delivery = started(ParleyServices.delivery(properties, 0));
        secondDelivery = started(ParleyServices.delivery(properties, 0));
        ingest = started(ParleyServices.ingest(properties, 0));
        secondIngest = started(ParleyServices.ingest(properties, 0));
        // Two analytics instances share the partitions; each answers for all (the queries are routed).
        analyticsProperties = analyticsInstance(properties, FreePorts.next());
        analytics = ParleyServices.analytics(analyticsProperties, analyticsPort(analyticsProperties));
        infra.closeBeforeStop(() -> analytics().close());
        Map<String, String> second = analyticsInstance(properties, FreePorts.next());
        secondAnalytics = started(ParleyServices.analytics(second, analyticsPort(second)));
        BotPublisher publisher = ingest.getBean(BotPublisher.class);
        BotFileReader reader = ingest.getBean(BotFileReader.class);
        for (String file : new String[] {"parley-demo-1.yaml", "parley-demo-2.yaml", "parley-demo-4.yaml",
                "parley-demo-5.yaml"}) {
            Path bot = Path.of("..", "bots", file);
            publisher.publish(reader.read(file, Files.readString(bot), Instant.now()));
        }
        EngineStreams streams = engine.getBean(EngineStreams.class);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(streams::isProcessing);
    }

    static synchronized RunningParley get() throws Exception {
        if (instance == null) {
            instance = new RunningParley();
        }
        return instance;
    }

    int ingestPort() {
        return ParleyServices.port(ingest);
    }

    int secondIngestPort() {
        return ParleyServices.port(secondIngest);
    }

    synchronized ConfigurableApplicationContext analytics() {
        return analytics;
    }

    int analyticsPort() {
        return ParleyServices.port(analytics());
    }

    int secondAnalyticsPort() {
        return ParleyServices.port(secondAnalytics);
    }

    /** An analytics instance's settings: its own port and state, and the address the other instance reaches it at. */
    private Map<String, String> analyticsInstance(Map<String, String> common, int port) throws IOException {
        Map<String, String> instance = new HashMap<>(common);
        instance.put("parley.analytics.ingest-url", "http://127.0.0.1:" + ParleyServices.port(ingest));
        instance.put("spring.kafka.streams.state-dir", Files.createTempDirectory("analytics-state").toString());
        instance.put("parley.analytics.advertised-address", "127.0.0.1:" + port);
        return instance;
    }

    private static int analyticsPort(Map<String, String> instance) {
        String address = instance.get("parley.analytics.advertised-address");
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** Stops analytics and starts it again on the same state directory, as a redeploy does; waits until it processes. */
    synchronized void restartAnalytics() {
        analytics.close();
        analytics = ParleyServices.analytics(analyticsProperties, analyticsPort(analyticsProperties));
        AnalyticsStreams streams = analytics.getBean(AnalyticsStreams.class);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(streams::isProcessing);
    }

    int deliveryPort() {
        return ParleyServices.port(delivery);
    }

    String talkrEndpoint(long botId, String channel) {
        return "http://127.0.0.1:" + ingestPort() + "/parley-demo/" + botId + "/" + channel;
    }

    String pushEndpoint(long botId, String session) {
        return pushEndpoint(delivery, botId, session);
    }

    /** The push stream on a given delivery instance: a browser may land on any. */
    String pushEndpoint(ConfigurableApplicationContext instance, long botId, String session) {
        return "http://127.0.0.1:" + ParleyServices.port(instance) + "/push/parley-demo/" + botId + "/" + session;
    }

    /** Publishes a bot file's text (through the same reader the admin API uses) and returns its id. */
    long publish(String yaml) throws Exception {
        var bot = ingest.getBean(BotFileReader.class).read("test bot", yaml, Instant.now());
        ingest.getBean(BotPublisher.class).publish(bot);
        secondIngest.getBean(BotPublisher.class).publish(bot);
        return bot.getBotId();
    }

    private ConfigurableApplicationContext started(ConfigurableApplicationContext context) {
        infra.closeBeforeStop(context);
        return context;
    }
}
