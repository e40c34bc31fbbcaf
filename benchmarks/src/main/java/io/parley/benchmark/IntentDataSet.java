package io.parley.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.parley.avro.Intent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A public intent data set in the shared folder's format: one JSON object a line, {@code text} and
 * {@code intent}, one file a split.
 */
record IntentDataSet(String name, List<Example> train, List<Example> test) {

    record Example(String text, String intent) {
    }

    static boolean exists(Path folder) {
        return Files.isRegularFile(folder.resolve("train.jsonl")) && Files.isRegularFile(folder.resolve("test.jsonl"));
    }

    static IntentDataSet read(Path folder) throws IOException {
        return new IntentDataSet(folder.getFileName().toString(), examples(folder.resolve("train.jsonl")),
                examples(folder.resolve("test.jsonl")));
    }

    /** A fixed sample of {@code perIntent} training examples of each intent, drawn with {@code seed}. */
    List<Example> sample(int perIntent, long seed) {
        Random random = new Random(seed);
        List<Example> sample = new ArrayList<>();
        byIntent(train).forEach((intent, examples) -> {
            List<Example> shuffled = new ArrayList<>(examples);
            Collections.shuffle(shuffled, random);
            sample.addAll(shuffled.subList(0, Math.min(perIntent, shuffled.size())));
        });
        return sample;
    }

    /** The examples as a bot's intents: one intent a label, its texts as phrases (repeats once). */
    static List<Intent> intents(List<Example> examples) {
        List<Intent> intents = new ArrayList<>();
        byIntent(examples).forEach((intent, phrases) -> intents.add(new Intent(intent,
                phrases.stream().map(Example::text).distinct().toList())));
        return intents;
    }

    static Map<String, List<Example>> byIntent(List<Example> examples) {
        Map<String, List<Example>> byIntent = new TreeMap<>();
        examples.forEach(example -> byIntent.computeIfAbsent(example.intent(), key -> new ArrayList<>()).add(example));
        return byIntent;
    }

    private static List<Example> examples(Path file) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<Example> examples = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                JsonNode node = json.readTree(line);
                examples.add(new Example(node.path("text").asString(), node.path("intent").asString()));
            }
        }
        return examples;
    }
}
