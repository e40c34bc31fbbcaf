package io.parley.benchmark;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.TreeSet;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What the Kafka clients of the in-process stack say about the last minute (their metrics' window):
 * where the engine's stream thread spends its time and how well requests are batched. Shows where a
 * turn's time goes without a profiler; prints nothing when the stack runs elsewhere.
 */
final class ClientMetrics {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    void print() {
        for (ObjectName thread : names("kafka.streams:type=stream-thread-metrics,*")) {
            if (value(thread, "process-total") == 0) {
                continue;
            }
            double processRate = value(thread, "process-rate");
            double commitRate = value(thread, "commit-rate");
            System.out.printf("      engine %s: %,.0f records/s, %,.1f commits/s (%.1f records each, %.1f ms each)%n",
                    thread.getKeyProperty("thread-id").replaceAll(".*-(StreamThread-\\d+)$", "$1"), processRate,
                    commitRate, commitRate > 0 ? processRate / commitRate : 0, value(thread, "commit-latency-avg"));
        }
        for (ObjectName producer : names("kafka.producer:type=producer-metrics,*")) {
            double rate = value(producer, "request-rate");
            if (rate >= 1) {
                System.out.printf("      producer %s: %,.0f requests/s, %.1f records each, %.1f ms each, %.1f retries/s%n",
                        shortName(producer), rate, value(producer, "records-per-request-avg"),
                        value(producer, "request-latency-avg"), value(producer, "record-retry-rate"));
            }
        }
        for (ObjectName consumer : names("kafka.consumer:type=consumer-fetch-manager-metrics,*")) {
            if (consumer.getKeyProperty("topic") != null || consumer.getKeyProperty("partition") != null) {
                continue;
            }
            double rate = value(consumer, "fetch-rate");
            if (rate >= 1) {
                System.out.printf("      consumer %s: %,.0f fetches/s, %.1f records each, %.1f ms each%n",
                        shortName(consumer), rate, value(consumer, "records-per-request-avg"),
                        value(consumer, "fetch-latency-avg"));
            }
        }
    }

    private Set<ObjectName> names(String pattern) {
        try {
            return new TreeSet<>(server.queryNames(new ObjectName(pattern), null));
        } catch (JMException e) {
            return Set.of();
        }
    }

    private double value(ObjectName name, String attribute) {
        try {
            Object value = server.getAttribute(name, attribute);
            return value instanceof Number number && !Double.isNaN(number.doubleValue()) ? number.doubleValue() : 0;
        } catch (JMException e) {
            return 0;
        }
    }

    /** Client ids carry random instance ids; the topic or the Streams role is what tells them apart. */
    private static String shortName(ObjectName name) {
        String id = name.getKeyProperty("client-id");
        return id.replaceAll("^ingest-[0-9a-f-]{36}-", "ingest ")
                .replaceAll("^parley-engine-[0-9a-f-]{36}-", "engine ");
    }
}
