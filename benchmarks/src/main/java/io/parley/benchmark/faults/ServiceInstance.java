package io.parley.benchmark.faults;

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
import java.util.Map;
import java.util.stream.Stream;

import io.parley.infra.JavaProcess;

/**
 * One instance of a Parley service as production runs it: a JVM of its own from the service's
 * executable jar (the one the images are built from), configured by arguments as a container is by
 * its environment. It can be killed as a crash would and started again on the same settings.
 */
final class ServiceInstance implements AutoCloseable {

    private static final String BOOT_LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";
    private static final Duration STARTUP = Duration.ofMinutes(4);
    private static final HttpClient probes = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final List<String> jvmArgs;
    private final List<String> args;
    private final int port;
    private final Path logFile;
    private JavaProcess process;

    private ServiceInstance(String name, Path jar, List<String> jvmArgs, List<String> args, int port, Path logFile) {
        this.name = name;
        this.jar = jar;
        this.jvmArgs = jvmArgs;
        this.args = args;
        this.port = port;
        this.logFile = logFile;
    }

    /** Launches {@code module}'s executable jar (built by {@code package}) without waiting for it. */
    static ServiceInstance launch(Path projectDir, String module, String name, String heap, int port,
                                  Map<String, String> properties, Path logs) throws IOException {
        List<String> args = new ArrayList<>();
        args.add("--server.port=" + port);
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        ServiceInstance instance = new ServiceInstance(name, executableJar(projectDir, module), List.of("-Xmx" + heap),
                args, port, logs.resolve(name + ".log"));
        instance.start();
        return instance;
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    void start() throws IOException {
        process = JavaProcess.start(name, jar.toString(), jvmArgs, BOOT_LAUNCHER, args, logFile);
    }

    /** Waits until the instance's readiness group is up: its views and stores have caught up. */
    void awaitReady() {
        process.awaitReady(this::isReady, STARTUP);
    }

    /** Ends the JVM as a crash would ({@code kill -9}). */
    void kill() {
        process.kill();
    }

    private boolean isReady() {
        HttpRequest request = HttpRequest.newBuilder(url().resolve("/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return probes.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path executableJar(Path projectDir, String module) throws IOException {
        Path target = projectDir.resolve(module).resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> file.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IOException("no executable jar in " + target + " (run ./mvnw package)"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(module + " is not built: " + target + " is missing (run ./mvnw package)", e);
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
