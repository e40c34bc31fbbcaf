package io.parley.infra;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.common.Uuid;

/**
 * A KRaft cluster of several nodes, each broker and controller, as child processes on loopback, with
 * production's durability: every topic replicated to all nodes and a write acknowledged once it is on
 * all but one ({@code min.insync.replicas} = nodes - 1). Nodes can be killed and restarted one by one.
 */
public final class KafkaCluster implements AutoCloseable {

    private final List<KafkaBrokerProcess> nodes;

    private KafkaCluster(List<KafkaBrokerProcess> nodes) {
        this.nodes = nodes;
    }

    /** Starts {@code size} nodes, their data under {@code dataDir}, and waits until every one serves. */
    public static KafkaCluster start(int size, Path dataDir, Path logs) throws IOException, InterruptedException {
        return start(size, dataDir, logs, List.of());
    }

    /**
     * The same, formatting the cluster with {@code features} ({@code name=level}, as
     * {@code kafka-storage format --feature} takes them), e.g. {@code transaction.version=1}.
     */
    public static KafkaCluster start(int size, Path dataDir, Path logs, List<String> features)
            throws IOException, InterruptedException {
        List<int[]> ports = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports.add(new int[] {FreePorts.next(), FreePorts.next()});
        }
        String voters = IntStream.range(0, size)
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + ports.get(i)[1])
                .collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        List<KafkaBrokerProcess> nodes = new ArrayList<>();
        KafkaCluster cluster = new KafkaCluster(nodes);
        try {
            // All at once: no node is ready before a majority of the quorum runs.
            for (int i = 0; i < size; i++) {
                int id = i + 1;
                nodes.add(KafkaBrokerProcess.launchClusterNode(id, ports.get(i)[0], ports.get(i)[1], voters, clusterId,
                        size, features, dataDir.resolve("node-" + id), logs.resolve("kafka-" + id + ".log")));
            }
            for (KafkaBrokerProcess node : nodes) {
                node.awaitReady();
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Every node's address, as clients are given them. */
    public String bootstrapServers() {
        return nodes.stream().map(KafkaBrokerProcess::bootstrapServers).collect(Collectors.joining(","));
    }

    public int size() {
        return nodes.size();
    }

    /** Kills node {@code id} (1-based) as a crash would. */
    public void kill(int id) {
        nodes.get(id - 1).kill();
    }

    /** Starts node {@code id} again on its data and waits until it serves. */
    public void restart(int id) throws IOException, InterruptedException {
        nodes.get(id - 1).restart();
    }

    @Override
    public void close() {
        for (KafkaBrokerProcess node : nodes) {
            node.close();
        }
    }
}
