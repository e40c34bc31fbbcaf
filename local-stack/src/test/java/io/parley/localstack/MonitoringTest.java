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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The README's "What to watch" table against the running services: every metric it tells an operator
 * to alert on is served, under that name, by the service it names. A metric renamed or lost in an
 * upgrade fails here instead of leaving an alert that never fires.
 */
class MonitoringTest {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_]+)` \\| ([a-z ]+) \\|", Pattern.MULTILINE);

    private static RunningParley parley;

    /** A row of the table: a metric and the service said to serve it. */
    private record Watched(String metric, String service) {
    }

    @BeforeAll
    static void start() throws Exception {
        parley = RunningParley.get();
    }

    @Test
    void everyMetricTheReadmeSaysToWatchIsServedByItsService() throws Exception {
        List<Watched> table = watchTable();
        assertThat(table).as("rows of the README's table").hasSizeGreaterThanOrEqualTo(8);
        Map<String, List<ConfigurableApplicationContext>> services = Map.of(
                "ingest", List.of(parley.ingest), "engine", List.of(parley.engine), "delivery", List.of(parley.delivery),
                "analytics", List.of(parley.analytics()),
                "every service", List.of(parley.ingest, parley.engine, parley.delivery, parley.analytics()));
        // Some metrics appear with the first turn (request latencies) or the first fetch (consumer lag).
        new Talkr(parley, 1).start();
        for (Watched watched : table) {
            assertThat(services).as("service of %s", watched.metric()).containsKey(watched.service());
            for (ConfigurableApplicationContext service : services.get(watched.service())) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(prometheus(service))
                        .as("%s on %s", watched.metric(), service.getId())
                        .containsPattern("(?m)^" + watched.metric() + "[{ ]"));
            }
        }
    }

    private static List<Watched> watchTable() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("### What to watch");
        String section = readme.substring(start, readme.indexOf("\n#", start + 1));
        List<Watched> rows = new ArrayList<>();
        Matcher row = ROW.matcher(section);
        while (row.find()) {
            rows.add(new Watched(row.group(1), row.group(2).strip()));
        }
        return rows;
    }

    private static String prometheus(ConfigurableApplicationContext service) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + ParleyServices.port(service) + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
