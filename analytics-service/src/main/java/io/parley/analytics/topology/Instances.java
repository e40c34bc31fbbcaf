package io.parley.analytics.topology;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.parley.analytics.AnalyticsProperties;
import io.parley.analytics.console.ConsoleException;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The analytics instances of a deployment, when several run: each holds the stores of its partitions,
 * so a query for a bot's windows or a conversation is answered by the instance that holds it (Kafka
 * Streams' metadata says which), and a list of conversations is gathered from all. With no
 * {@code parley.analytics.advertised-address}, this instance is the only one.
 */
@Component
public class Instances {

    /** A query parameter for a call one instance makes to another: answer from your own stores. */
    public static final String LOCAL_ONLY = "scope=local";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final AnalyticsStreams streams;
    private final HostInfo self;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    Instances(AnalyticsStreams streams, AnalyticsProperties settings) {
        this.streams = streams;
        String advertised = settings.advertisedAddress();
        this.self = advertised == null || advertised.isBlank() ? null : HostInfo.buildFromEndpoint(advertised);
    }

    /** The other instance that holds {@code key} in {@code store}; empty when this one does (or runs alone). */
    public Optional<HostInfo> holderElsewhere(String store, String key) {
        if (self == null) {
            return Optional.empty();
        }
        KeyQueryMetadata holder = streams.queryable().queryMetadataForKey(store, key, Serdes.String().serializer());
        if (holder == null || KeyQueryMetadata.NOT_AVAILABLE.equals(holder)) {
            throw new ConsoleException(HttpStatus.SERVICE_UNAVAILABLE, "Analytics is rebalancing; try again in a moment.");
        }
        return holder.activeHost().equals(self) ? Optional.empty() : Optional.of(holder.activeHost());
    }

    /** Every other instance of this deployment. */
    public List<HostInfo> others() {
        if (self == null) {
            return List.of();
        }
        return streams.queryable().metadataForAllStreamsClients().stream()
                .map(StreamsMetadata::hostInfo)
                .filter(host -> !host.equals(self))
                .distinct()
                .toList();
    }

    /**
     * The answer of {@code host} to the same request, with the caller's credentials, from its own stores
     * (it does not ask the others in turn).
     */
    public ResponseEntity<String> ask(HostInfo host, HttpServletRequest request) {
        String query = request.getQueryString();
        query = query == null || query.isBlank() ? LOCAL_ONLY : query + "&" + LOCAL_ONLY;
        URI target = URI.create("http://" + host.host() + ":" + host.port() + request.getRequestURI() + "?" + query);
        HttpRequest.Builder forwarded = HttpRequest.newBuilder(target).timeout(TIMEOUT).GET();
        for (String header : List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.COOKIE)) {
            String value = request.getHeader(header);
            if (value != null) {
                forwarded.header(header, value);
            }
        }
        try {
            HttpResponse<String> answer = http.send(forwarded.build(), HttpResponse.BodyHandlers.ofString());
            return ResponseEntity.status(answer.statusCode()).contentType(MediaType.APPLICATION_JSON).body(answer.body());
        } catch (IOException e) {
            throw new ConsoleException(HttpStatus.SERVICE_UNAVAILABLE, "Another analytics instance did not answer; try again.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsoleException(HttpStatus.SERVICE_UNAVAILABLE, "Interrupted; try again.");
        }
    }

    /** Whether a request came from another instance, to be answered from this one's stores alone. */
    public static boolean localOnly(HttpServletRequest request) {
        return Objects.equals(request.getParameter("scope"), "local");
    }
}
