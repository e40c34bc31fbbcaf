package io.parley.audit.export;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.TopicPartition;

/**
 * Where an export stopped, and where it was to end: {@code <partition>:<next offset>:<end offset>}
 * for each partition, comma-separated. A resumed export reads exactly the rest of the first one's range.
 */
record ResumeToken(Map<TopicPartition, Long> next, Map<TopicPartition, Long> ends) {

    String text() {
        return next.keySet().stream()
                .sorted(Comparator.comparingInt(TopicPartition::partition))
                .map(partition -> partition.partition() + ":" + next.get(partition) + ":" + ends.get(partition))
                .collect(Collectors.joining(","));
    }

    static ResumeToken parse(String topic, String text) {
        Map<TopicPartition, Long> next = new LinkedHashMap<>();
        Map<TopicPartition, Long> ends = new LinkedHashMap<>();
        try {
            for (String part : text.strip().split(",")) {
                String[] numbers = part.split(":");
                if (numbers.length != 3) {
                    throw new NumberFormatException(part);
                }
                TopicPartition partition = new TopicPartition(topic, Integer.parseInt(numbers[0]));
                next.put(partition, Long.parseLong(numbers[1]));
                ends.put(partition, Long.parseLong(numbers[2]));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a resume token is <partition>:<next offset>:<end offset>, comma-separated: " + text, e);
        }
        return new ResumeToken(next, ends);
    }
}
