package io.parley.benchmark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import io.parley.avro.Intent;
import io.parley.avro.IntentModel;
import io.parley.avro.IntentScore;
import io.parley.avro.SentenceEmbedding;
import io.parley.encoder.OnnxSentenceEncoder;
import io.parley.nlu.intents.IntentClassifier;
import io.parley.nlu.intents.IntentDecision;
import io.parley.nlu.intents.IntentTrainer;
import io.parley.nlu.intents.SentenceEncoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * How well a bot understands what people say: trains classifiers exactly as a bot's publication does
 * (one intent a label, its texts as phrases) on public intent data, with all phrases and with seeded
 * samples of 10 an intent, asks them as the engine does, and prints top-1, macro-F1, what the default
 * fallback setting acts on, out-of-scope recall (whole intents held out), training and publication
 * time, per-utterance latency and model size. {@code ./benchmark nlu --help} lists the options.
 */
public final class NluBenchmark {

    static final String USAGE = """
            usage: ./benchmark nlu [options]
              --datasets DIR     the shared intent data sets (default ../shared/datasets/intents)
              --encoder NAME     bge-small-en-v1.5-q (default), all-minilm-l6-v2-q, or none (words alone)
              --samples N        seeded samples of 10 phrases an intent (default 5)
              --sets A,B         data sets to run (default hwu64,snips)
              --no-full          skip the runs on all phrases (the slowest part)
              --sweep            also print acted-on accuracy and out-of-scope recall for other thresholds and margins
            """;
    private static final int PER_INTENT = 10;
    private static final int OUT_OF_SCOPE_FOLDS = 4;
    private static final int PUBLISHED_INTENTS = 150;

    private final SentenceEncoder encoder;
    private final IntentTrainer trainer;
    private final Map<String, float[]> embeddings = new HashMap<>();
    private boolean sweep;

    private NluBenchmark(Optional<OnnxSentenceEncoder> encoder) {
        this.encoder = encoder.orElse(null);
        // Training reads embeddings computed once for the run; latency is measured on the encoder itself.
        this.trainer = new IntentTrainer(encoder.map(found -> new Precomputed(found, embeddings)));
    }

    public static void main(String[] args) throws Exception {
        List<String> given = List.of(args);
        if (given.contains("--help")) {
            System.out.print(USAGE);
            return;
        }
        Path datasets = Path.of(option(given, "--datasets", "../shared/datasets/intents"));
        String encoderName = option(given, "--encoder", OnnxSentenceEncoder.Model.BGE_SMALL_EN_V15_Q.modelName());
        int samples = Integer.parseInt(option(given, "--samples", "5"));
        List<String> sets = List.of(option(given, "--sets", "hwu64,snips").split(","));
        boolean full = !given.contains("--no-full");
        List<Path> missing = sets.stream().map(datasets::resolve).filter(folder -> !IntentDataSet.exists(folder)).toList();
        if (!missing.isEmpty()) {
            System.err.printf("The intent data sets are not there: %s.%nThey are not part of the repository: point --datasets at a "
                    + "folder holding <set>/train.jsonl and <set>/test.jsonl (one {\"text\", \"intent\"} object a line).%n", missing);
            System.exit(2);
        }
        Optional<OnnxSentenceEncoder> encoder = encoderName.equalsIgnoreCase("none") ? Optional.empty()
                : Optional.of(OnnxSentenceEncoder.shared(OnnxSentenceEncoder.Model.named(encoderName), 1));
        System.out.printf("%nNLU benchmark: encoder %s, %d cores, Java %s; default threshold %.2f, ambiguity margin %.2f%n",
                encoder.map(OnnxSentenceEncoder::id).orElse("none (words alone)"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), IntentDecision.DEFAULT_THRESHOLD, IntentDecision.DEFAULT_AMBIGUITY_MARGIN);
        NluBenchmark benchmark = new NluBenchmark(encoder);
        benchmark.sweep = given.contains("--sweep");
        List<String> rows = new ArrayList<>();
        for (String set : sets) {
            IntentDataSet data = IntentDataSet.read(datasets.resolve(set));
            benchmark.embedAll(data);
            if (full) {
                rows.add(benchmark.run(data, "all (~" + data.train().size() / IntentDataSet.byIntent(data.train()).size() + ")",
                        List.of(data.train())));
            }
            List<List<IntentDataSet.Example>> sampled = new ArrayList<>();
            for (int seed = 1; seed <= samples; seed++) {
                sampled.add(data.sample(PER_INTENT, seed));
            }
            rows.add(benchmark.run(data, PER_INTENT + " (" + samples + " samples)", sampled));
        }
        System.out.printf("%n| data set | phrases per intent | top-1 | macro-F1 | acted on | in-scope sent to fallback "
                + "| out-of-scope recall: intents held out | scenarios held out | training | model |%n"
                + "|---|---|---|---|---|---|---|---|---|---|%n");
        rows.forEach(System.out::println);
        if (sets.contains("hwu64")) {
            benchmark.publication(IntentDataSet.read(datasets.resolve("hwu64")));
        }
        benchmark.latency(IntentDataSet.read(datasets.resolve(sets.get(0))));
        System.exit(0);
    }

    /** What the default setting, or another, makes of one answer: its best confidence, its lead, and whether it was right. */
    private record Answer(double confidence, double margin, boolean right) {

        static Answer of(List<IntentScore> ranking, String expected) {
            double best = ranking.get(0).getConfidence();
            return new Answer(best, ranking.size() > 1 ? best - ranking.get(1).getConfidence() : best,
                    ranking.get(0).getIntent().equals(expected));
        }

        boolean actedOn(double threshold, double margin) {
            return confidence >= threshold && this.margin >= margin;
        }
    }

    /** Trains on each of {@code trainings}, asks the test texts, and holds whole intents (and scenarios) out. */
    private String run(IntentDataSet data, String phrases, List<List<IntentDataSet.Example>> trainings) {
        System.out.printf("%n%s, %s phrases per intent%n", data.name(), phrases);
        Stats top1 = new Stats();
        Stats macroF1 = new Stats();
        Stats actedOn = new Stats();
        Stats fallback = new Stats();
        Stats outOfScope = new Stats();
        Stats outOfScenario = new Stats();
        Stats seconds = new Stats();
        List<Answer> inScope = new ArrayList<>();
        List<Answer> heldIntents = new ArrayList<>();
        List<Answer> heldScenarios = new ArrayList<>();
        int modelBytes = 0;
        for (int run = 0; run < trainings.size(); run++) {
            List<IntentDataSet.Example> training = trainings.get(run);
            long started = System.nanoTime();
            IntentModel model = trainer.train("en", IntentDataSet.intents(training));
            seconds.add((System.nanoTime() - started) / 1e9);
            modelBytes = Math.max(modelBytes, avroBytes(model));
            Scores scores = score(IntentClassifier.of(model), data.test(), inScope);
            top1.add(scores.top1());
            macroF1.add(scores.macroF1());
            actedOn.add(scores.actedOn());
            fallback.add(scores.fallback());
            outOfScope.add(outOfScope(data, training, run, IntentDataSet.Example::intent, heldIntents));
            boolean scenarios = training.stream().allMatch(example -> example.intent().contains("_"));
            if (scenarios) {
                outOfScenario.add(outOfScope(data, training, run, NluBenchmark::scenario, heldScenarios));
            }
            System.out.printf("  run %d: top-1 %.1f%%, macro-F1 %.1f, acted on %.1f%%, to fallback %.1f%%, out-of-scope recall %.1f%% "
                            + "(scenarios held out: %s), trained in %.1f s (held-out accuracy %s, temperature %.2f)%n", run + 1,
                    top1.last(), macroF1.last(), actedOn.last(), fallback.last(), outOfScope.last(),
                    scenarios ? String.format(Locale.ROOT, "%.1f%%", outOfScenario.last()) : "-", seconds.last(),
                    model.getHeldOutAccuracy() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * model.getHeldOutAccuracy()),
                    model.getTemperature());
        }
        if (sweep) {
            printSweep(inScope, heldIntents, heldScenarios);
        }
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %,d kB |", data.name(), phrases, top1,
                macroF1, actedOn, fallback, outOfScope, outOfScenario.isEmpty() ? "-" : outOfScenario, seconds.seconds(),
                modelBytes / 1024);
    }

    /** Acted-on accuracy and out-of-scope recall over a grid of thresholds and margins: how the defaults were chosen. */
    private static void printSweep(List<Answer> inScope, List<Answer> heldIntents, List<Answer> heldScenarios) {
        double top1 = 100.0 * inScope.stream().filter(Answer::right).count() / inScope.size();
        System.out.printf("  sweep (top-1 %.1f%%): threshold, margin -> acted on, out-of-scope recall (intents; scenarios)%n", top1);
        for (double threshold : new double[] {0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7}) {
            for (double margin : new double[] {0, 0.1, 0.2}) {
                double acted = 100.0 * inScope.stream().filter(a -> a.right() && a.actedOn(threshold, margin)).count() / inScope.size();
                System.out.printf("    %.2f, %.1f -> %.1f%% (%+.1f), %.1f%%; %s%n", threshold, margin, acted, acted - top1,
                        recall(heldIntents, threshold, margin),
                        heldScenarios.isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f%%", recall(heldScenarios, threshold, margin)));
            }
        }
    }

    private static double recall(List<Answer> outOfScope, double threshold, double margin) {
        return 100.0 * outOfScope.stream().filter(answer -> !answer.actedOn(threshold, margin)).count() / outOfScope.size();
    }

    /** HWU64 names its intents scenario_action: the scenario is a domain a bot may not cover at all. */
    private static String scenario(IntentDataSet.Example example) {
        return example.intent().substring(0, example.intent().indexOf('_'));
    }

    /**
     * Share of the test texts of held-out groups (whole intents, or whole scenarios) that the default
     * setting sends to the fallback, over 4 folds each holding out a quarter of the groups.
     */
    private double outOfScope(IntentDataSet data, List<IntentDataSet.Example> training, int run,
                              java.util.function.Function<IntentDataSet.Example, String> group, List<Answer> answers) {
        List<String> groups = new ArrayList<>(new java.util.TreeSet<>(training.stream().map(group).toList()));
        Collections.shuffle(groups, new Random(1000 + run));
        int sent = 0;
        int total = 0;
        for (int fold = 0; fold < OUT_OF_SCOPE_FOLDS; fold++) {
            Set<String> held = new HashSet<>();
            for (int i = fold; i < groups.size(); i += OUT_OF_SCOPE_FOLDS) {
                held.add(groups.get(i));
            }
            List<IntentDataSet.Example> kept = training.stream().filter(example -> !held.contains(group.apply(example))).toList();
            if (held.isEmpty() || IntentDataSet.byIntent(kept).size() < IntentTrainer.MIN_INTENTS) {
                continue;
            }
            IntentClassifier classifier = IntentClassifier.of(trainer.train("en", IntentDataSet.intents(kept)));
            for (IntentDataSet.Example example : data.test()) {
                if (held.contains(group.apply(example))) {
                    List<IntentScore> ranking = classifier.rank(example.text(), embedding(example.text()));
                    answers.add(Answer.of(ranking, example.intent()));
                    total++;
                    if (decide(ranking).intent().isEmpty()) {
                        sent++;
                    }
                }
            }
        }
        return 100.0 * sent / total;
    }

    private record Scores(double top1, double macroF1, double actedOn, double fallback) {
    }

    private Scores score(IntentClassifier classifier, List<IntentDataSet.Example> test, List<Answer> answers) {
        int right = 0;
        int acted = 0;
        int fellBack = 0;
        Map<String, int[]> counts = new HashMap<>();
        for (IntentDataSet.Example example : test) {
            List<IntentScore> ranking = classifier.rank(example.text(), embedding(example.text()));
            answers.add(Answer.of(ranking, example.intent()));
            String best = ranking.get(0).getIntent();
            boolean hit = best.equals(example.intent());
            IntentDecision decision = decide(ranking);
            right += hit ? 1 : 0;
            acted += hit && decision.intent().isPresent() ? 1 : 0;
            fellBack += decision.intent().isEmpty() ? 1 : 0;
            counts.computeIfAbsent(best, key -> new int[3])[hit ? 0 : 1]++;
            if (!hit) {
                counts.computeIfAbsent(example.intent(), key -> new int[3])[2]++;
            }
        }
        double f1 = 0;
        Set<String> labels = new LinkedHashSet<>();
        test.forEach(example -> labels.add(example.intent()));
        for (String label : labels) {
            int[] c = counts.getOrDefault(label, new int[3]);
            double precision = c[0] + c[1] == 0 ? 0 : (double) c[0] / (c[0] + c[1]);
            double recall = c[0] + c[2] == 0 ? 0 : (double) c[0] / (c[0] + c[2]);
            f1 += precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }
        int n = test.size();
        return new Scores(100.0 * right / n, 100 * f1 / labels.size(), 100.0 * acted / n, 100.0 * fellBack / n);
    }

    /** A bot of 150 intents with 10 phrases each, published as the admin API does: phrases encoded, then trained. */
    private void publication(IntentDataSet data) {
        List<Intent> intents = new ArrayList<>();
        Map<String, List<IntentDataSet.Example>> byIntent = IntentDataSet.byIntent(data.train());
        for (int part = 0; intents.size() < PUBLISHED_INTENTS; part++) {
            for (Map.Entry<String, List<IntentDataSet.Example>> intent : byIntent.entrySet()) {
                List<IntentDataSet.Example> examples = intent.getValue();
                if (intents.size() < PUBLISHED_INTENTS && examples.size() >= (part + 1) * PER_INTENT) {
                    intents.add(new Intent(intent.getKey() + "_" + part, examples.subList(part * PER_INTENT, (part + 1) * PER_INTENT)
                            .stream().map(IntentDataSet.Example::text).toList()));
                }
            }
        }
        IntentTrainer publishing = new IntentTrainer(Optional.ofNullable(encoder));
        long started = System.nanoTime();
        IntentModel model = publishing.train("en", intents);
        System.out.printf("%npublication of a bot with %d intents x %d phrases (phrases encoded, trained, calibrated): %.1f s, "
                + "model %,d kB%n", intents.size(), PER_INTENT, (System.nanoTime() - started) / 1e9, avroBytes(model) / 1024);
    }

    /** Per-utterance cost where each part runs: the encoder at the edge, the classifier in the engine. */
    private void latency(IntentDataSet data) {
        IntentClassifier classifier = IntentClassifier.of(trainer.train("en", IntentDataSet.intents(data.sample(PER_INTENT, 1))));
        List<String> texts = data.test().stream().map(IntentDataSet.Example::text).toList();
        Latencies encoding = new Latencies(texts.size());
        Latencies ranking = new Latencies(texts.size());
        for (int pass = 0; pass < 2; pass++) {
            for (String text : texts) {
                long started = System.nanoTime();
                SentenceEmbedding embedding = encoder == null ? null : encoder.embedding(text);
                long encoded = System.nanoTime();
                classifier.rank(text, embedding);
                long ranked = System.nanoTime();
                if (pass == 1) {
                    encoding.record(encoded - started);
                    ranking.record(ranked - encoded);
                }
            }
        }
        Latencies.Summary edge = encoding.summary();
        Latencies.Summary engine = ranking.summary();
        System.out.printf("%nper utterance (%s test texts, one at a time, second pass): encoding at the edge p50 %.2f ms, p99 %.2f ms; "
                + "ranking in the engine p50 %.3f ms, p99 %.3f ms%n", data.name(), edge.p50(), edge.p99(), engine.p50(), engine.p99());
    }

    private void embedAll(IntentDataSet data) {
        if (encoder == null) {
            return;
        }
        List<String> texts = new ArrayList<>(new LinkedHashSet<>(java.util.stream.Stream.concat(data.train().stream(),
                data.test().stream()).map(IntentDataSet.Example::text).toList()));
        texts.removeIf(embeddings::containsKey);
        long started = System.nanoTime();
        List<float[]> vectors = encoder.embedAll(texts);
        for (int i = 0; i < texts.size(); i++) {
            embeddings.put(texts.get(i), vectors.get(i));
        }
        System.out.printf("%nencoded %,d texts of %s in %.1f s%n", texts.size(), data.name(), (System.nanoTime() - started) / 1e9);
    }

    /** The text's embedding from the run's, as the edge would send it. */
    private SentenceEmbedding embedding(String text) {
        return encoder == null ? null : trainer.encoderFor("en").orElseThrow().embedding(text);
    }

    private static IntentDecision decide(List<IntentScore> ranking) {
        return IntentDecision.of(ranking, IntentDecision.DEFAULT_THRESHOLD, IntentDecision.DEFAULT_AMBIGUITY_MARGIN);
    }

    private static int avroBytes(IntentModel model) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder binary = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<>(IntentModel.class).write(model, binary);
            binary.flush();
            return out.size();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String option(List<String> args, String name, String fallback) {
        int at = args.indexOf(name);
        return at >= 0 && at + 1 < args.size() ? args.get(at + 1) : fallback;
    }

    /** The run's embeddings, under the real encoder's id, so training costs the head alone. */
    private record Precomputed(OnnxSentenceEncoder encoder, Map<String, float[]> embeddings) implements SentenceEncoder {

        @Override
        public String id() {
            return encoder.id();
        }

        @Override
        public int dimensions() {
            return encoder.dimensions();
        }

        @Override
        public boolean understands(String languageCode) {
            return encoder.understands(languageCode);
        }

        @Override
        public float[] embed(String text) {
            return embeddings.computeIfAbsent(text, encoder::embed);
        }
    }

    /** Mean and range of a figure over runs. */
    private static final class Stats {
        private final List<Double> values = new ArrayList<>();

        void add(double value) {
            values.add(value);
        }

        double last() {
            return values.get(values.size() - 1);
        }

        boolean isEmpty() {
            return values.isEmpty();
        }

        private double mean() {
            return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        String seconds() {
            return String.format(Locale.ROOT, "%.1f s", mean());
        }

        @Override
        public String toString() {
            if (values.size() == 1) {
                return String.format(Locale.ROOT, "%.1f%%", mean());
            }
            double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
            double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            return String.format(Locale.ROOT, "%.1f%% (%.1f–%.1f)", mean(), min, max);
        }
    }
}
