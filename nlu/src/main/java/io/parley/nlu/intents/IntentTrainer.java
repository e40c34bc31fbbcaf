package io.parley.nlu.intents;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import io.parley.avro.Intent;
import io.parley.avro.IntentModel;

/**
 * Trains a bot's intent classifier for one language when the bot is published: a softmax regression
 * over the phrases' sentence embeddings (when the encoder understands the language) and their hashed
 * n-grams, then a temperature fitted on held-out folds of the phrases so that confidences are
 * calibrated, and the weights quantized to bytes to keep the bot definition small.
 */
public final class IntentTrainer {

    /** Fewer than two intents cannot be told apart: every text would match the only one. */
    public static final int MIN_INTENTS = 2;
    /** Bounds a publication to about 30 s on 2 cores and a bot definition to about a megabyte. */
    public static final int MAX_INTENTS = 200;
    public static final int MAX_PHRASES = 5_000;

    private static final double L2 = 0.03;
    private static final int ITERATIONS = 300;
    private static final int FOLD_ITERATIONS = 25;
    private static final int FOLDS = 4;
    private static final long FOLD_SEED = 20261130L;

    private final Optional<SentenceEncoder> encoder;

    /** A trainer that reads sentence embeddings from {@code encoder} where it understands the language. */
    public IntentTrainer(Optional<SentenceEncoder> encoder) {
        this.encoder = encoder;
    }

    /** A trainer of classifiers that read words alone. */
    public static IntentTrainer wordsOnly() {
        return new IntentTrainer(Optional.empty());
    }

    /** Whether {@code phrase} has a word (letters or digits) to learn from. */
    public static boolean hasWords(String phrase) {
        return LexicalFeatures.words(phrase).length > 0;
    }

    /** The phrase as the classifier sees its words: two phrases alike here teach the same thing. */
    public static String normalised(String phrase) {
        return String.join(" ", LexicalFeatures.words(phrase));
    }

    /** The encoder this trainer's classifiers read, for {@code languageCode}. */
    public Optional<SentenceEncoder> encoderFor(String languageCode) {
        return encoder.filter(found -> found.understands(languageCode));
    }

    /** Trains a classifier of {@code intents} from their phrases in {@code languageCode}. */
    public IntentModel train(String languageCode, List<Intent> intents) {
        if (intents.size() < MIN_INTENTS) {
            throw new IllegalArgumentException("at least " + MIN_INTENTS + " intents are needed to train a classifier");
        }
        List<String> texts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < intents.size(); c++) {
            for (String phrase : intents.get(c).getPhrases()) {
                texts.add(phrase);
                labels.add(c);
            }
        }
        Optional<SentenceEncoder> used = encoderFor(languageCode);
        List<float[]> embeddings = used.map(found -> found.embedAll(texts)).orElse(null);
        float[] centre = embeddings == null ? new float[0] : centre(embeddings);
        Features features = new Features(centre, LexicalFeatures.idf(texts, LexicalFeatures.BUCKETS));

        int[] columnOfBucket = new int[LexicalFeatures.BUCKETS];
        Arrays.fill(columnOfBucket, -1);
        List<LexicalFeatures.Vector> lexical = texts.stream().map(features::lexical).toList();
        int columns = 0;
        for (LexicalFeatures.Vector vector : lexical) {
            for (int bucket : vector.buckets()) {
                if (columnOfBucket[bucket] < 0) {
                    columnOfBucket[bucket] = columns++;
                }
            }
        }
        List<SoftmaxRegression.Example> examples = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            LexicalFeatures.Vector vector = lexical.get(i);
            int[] compact = Arrays.stream(vector.buckets()).map(bucket -> columnOfBucket[bucket]).toArray();
            examples.add(new SoftmaxRegression.Example(features.dense(embeddings == null ? null : embeddings.get(i)),
                    compact, vector.values(), labels.get(i)));
        }
        SoftmaxRegression.Shape shape = new SoftmaxRegression.Shape(intents.size(), centre.length, columns);
        double[] parameters = SoftmaxRegression.fit(examples, shape, L2, ITERATIONS, null);
        Calibration calibration = calibrate(examples, shape, parameters);

        int[] buckets = java.util.stream.IntStream.range(0, columnOfBucket.length).filter(bucket -> columnOfBucket[bucket] >= 0).toArray();
        Quantized quantized = Quantized.of(parameters, shape, buckets, columnOfBucket);
        float[] usedIdf = new float[buckets.length];
        for (int k = 0; k < buckets.length; k++) {
            usedIdf[k] = features.idf()[buckets[k]];
        }
        return IntentModel.newBuilder()
                .setLanguage(languageCode)
                .setIntents(intents.stream().map(Intent::getName).toList())
                .setSentenceEncoder(used.map(SentenceEncoder::id).orElse(null))
                .setCentre(floats(centre))
                .setLexicalBuckets(LexicalFeatures.BUCKETS)
                .setBuckets(Arrays.stream(buckets).boxed().toList())
                .setIdf(floats(usedIdf))
                .setUnseenIdf(LexicalFeatures.unseenIdf(texts.size()))
                .setEmbeddingWeight(Features.EMBEDDING_WEIGHT)
                .setLexicalWeight(Features.LEXICAL_WEIGHT)
                .setWeights(ByteBuffer.wrap(quantized.weights()))
                .setScales(floats(quantized.scales()))
                .setTemperature((float) calibration.temperature())
                .setHeldOutAccuracy(calibration.heldOutAccuracy())
                .build();
    }

    /**
     * The weights as signed bytes, one scale per intent and block, and only for the buckets the phrases
     * use: a small bot's model is a few kilobytes, 150 intents' under 700 kB, and it ranks as the
     * full-precision one does (checked by the tests).
     */
    private record Quantized(byte[] weights, float[] scales) {

        static Quantized of(double[] parameters, SoftmaxRegression.Shape shape, int[] buckets, int[] columnOfBucket) {
            int dense = shape.denseColumns();
            int row = dense + buckets.length;
            byte[] weights = new byte[shape.classes() * row];
            float[] scales = new float[2 * shape.classes()];
            for (int c = 0; c < shape.classes(); c++) {
                double denseMax = 0;
                for (int j = 0; j < dense; j++) {
                    denseMax = Math.max(denseMax, Math.abs(shape.denseWeight(parameters, c, j)));
                }
                double lexicalMax = 0;
                for (int column = 0; column < shape.sparseColumns(); column++) {
                    lexicalMax = Math.max(lexicalMax, Math.abs(shape.sparseWeight(parameters, c, column)));
                }
                scales[2 * c] = (float) (denseMax / Byte.MAX_VALUE);
                scales[2 * c + 1] = (float) (lexicalMax / Byte.MAX_VALUE);
                for (int j = 0; j < dense; j++) {
                    weights[c * row + j] = quantize(shape.denseWeight(parameters, c, j), scales[2 * c]);
                }
                for (int k = 0; k < buckets.length; k++) {
                    weights[c * row + dense + k] = quantize(shape.sparseWeight(parameters, c, columnOfBucket[buckets[k]]), scales[2 * c + 1]);
                }
            }
            return new Quantized(weights, scales);
        }

        private static byte quantize(double weight, float scale) {
            return scale == 0 ? 0 : (byte) Math.round(weight / scale);
        }
    }

    private record Calibration(double temperature, Float heldOutAccuracy) {
    }

    /**
     * Fits the temperature on phrases held out of models trained without them (k-fold, folds drawn
     * within each intent), warm-started from the full model so the folds cost a fraction of it.
     */
    private static Calibration calibrate(List<SoftmaxRegression.Example> examples, SoftmaxRegression.Shape shape,
                                         double[] parameters) {
        int[] perClass = new int[shape.classes()];
        examples.forEach(example -> perClass[example.label()]++);
        int folds = Math.min(FOLDS, Arrays.stream(perClass).max().orElse(0));
        if (folds < 2 || examples.size() < 2 * shape.classes()) {
            return new Calibration(1, null);
        }
        int[] fold = new int[examples.size()];
        Random random = new Random(FOLD_SEED);
        for (int c = 0; c < shape.classes(); c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                if (examples.get(i).label() == c) {
                    members.add(i);
                }
            }
            java.util.Collections.shuffle(members, random);
            int offset = random.nextInt(folds);
            for (int k = 0; k < members.size(); k++) {
                fold[members.get(k)] = (k + offset) % folds;
            }
        }
        double[][] heldOut = new double[examples.size()][];
        for (int f = 0; f < folds; f++) {
            int current = f;
            List<SoftmaxRegression.Example> training = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                if (fold[i] != current) {
                    training.add(examples.get(i));
                }
            }
            double[] foldParameters = SoftmaxRegression.fit(training, shape, L2, FOLD_ITERATIONS, parameters);
            for (int i = 0; i < examples.size(); i++) {
                if (fold[i] == current) {
                    SoftmaxRegression.Example example = examples.get(i);
                    heldOut[i] = SoftmaxRegression.scores(foldParameters, shape, example);
                }
            }
        }
        int right = 0;
        for (int i = 0; i < examples.size(); i++) {
            if (argmax(heldOut[i]) == examples.get(i).label()) {
                right++;
            }
        }
        return new Calibration(Temperature.fit(heldOut, examples.stream().mapToInt(SoftmaxRegression.Example::label).toArray()),
                (float) right / examples.size());
    }

    private static int argmax(double[] scores) {
        int best = 0;
        for (int c = 1; c < scores.length; c++) {
            if (scores[c] > scores[best]) {
                best = c;
            }
        }
        return best;
    }

    private static float[] centre(List<float[]> embeddings) {
        float[] centre = new float[embeddings.get(0).length];
        for (float[] embedding : embeddings) {
            for (int j = 0; j < centre.length; j++) {
                centre[j] += embedding[j] / embeddings.size();
            }
        }
        return centre;
    }

    private static List<Float> floats(float[] values) {
        List<Float> list = new ArrayList<>(values.length);
        for (float value : values) {
            list.add(value);
        }
        return list;
    }
}
