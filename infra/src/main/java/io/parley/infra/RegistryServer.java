package io.parley.infra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * Apicurio Registry 2.4.2 (built by the registry-server module) as a child process on loopback.
 * Its own API at {@code /apis/registry/v2} is what the serde talks to; Confluent-compatible tools use
 * {@code /apis/ccompat/v7}.
 */
public final class RegistryServer implements AutoCloseable {

    /** Where the build leaves the registry, relative to the project root. */
    static final String JAR_IN_PROJECT = "registry-server/target/parley-registry-server-runner.jar";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private final int port;
    private final JavaProcess process;

    private RegistryServer(int port, JavaProcess process) {
        this.port = port;
        this.process = process;
    }

    /**
     * Starts the registry on {@code port}. With a {@code dataDir} its schemas survive restarts (H2 in a
     * file there), which a stack that keeps its topics needs: the records refer to schema ids.
     */
    public static RegistryServer start(int port, Path dataDir, Path logFile) throws IOException {
        Path jar = locateJar();
        List<String> jvmArgs = new ArrayList<>(List.of(
                "-Xmx256m",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                // The registry sets its own loggers to INFO; all four are needed for a quiet log.
                "-Dquarkus.log.level=WARN",
                "-DREGISTRY_LOG_LEVEL=WARN",
                "-Dquarkus.banner.enabled=false",
                "-Dquarkus.log.category.\"io.sentry\".level=ERROR"));
        if (dataDir != null) {
            Files.createDirectories(dataDir);
            // registry.datasource.url is silently ignored by 2.4.2; this name is the one it reads.
            jvmArgs.add("-DREGISTRY_DATASOURCE_URL=jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("registry"));
        }
        JavaProcess process = JavaProcess.start("schema registry", jar.toString(), jvmArgs, mainClassOf(jar),
                List.of(), logFile);
        RegistryServer server = new RegistryServer(port, process);
        process.awaitReady(server::isReady, STARTUP_TIMEOUT);
        return server;
    }

    /** Base URL of the registry's own API, as the serde wants it. */
    public String apiUrl() {
        return baseUrl() + "/apis/registry/v2";
    }

    /** Base URL of the Confluent-compatible API. */
    public String confluentCompatibleUrl() {
        return baseUrl() + "/apis/ccompat/v7";
    }

    public int port() {
        return port;
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private boolean isReady() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return HttpClients.LOOPBACK.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        process.close();
    }

    static Path locateJar() {
        String configured = System.getProperty("parley.registry.jar");
        if (configured != null && Files.isRegularFile(Path.of(configured))) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(JAR_IN_PROJECT);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("schema registry not built: " + JAR_IN_PROJECT
                + " not found (run ./mvnw -pl registry-server package)");
    }

    private static String mainClassOf(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest().getMainAttributes().getValue("Main-Class");
        }
    }

    /** A shared client for readiness probes: building one per probe leaks selector threads. */
    private static final class HttpClients {
        static final HttpClient LOOPBACK = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }
}
