package io.parley.nlu.intents;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import io.parley.avro.IntentModel;
import io.parley.avro.IntentScore;
import io.parley.avro.SentenceEmbedding;

/**
 * A trained intent classifier, ready to rank: a few multiply-adds per intent over the embedding a
 * command carries and the text's n-grams. Immutable, so one instance serves every stream thread.
 */
public final class IntentClassifier {

    private final IntentModel model;
    private final Features features;
    private final int denseColumns;
    /** Where a bucket's weight is in a row; -1 for a bucket no phrase used (its weight is 0). */
    private final int[] columnOfBucket;
    private final float[][] weights;
    private final double temperature;

    /**
     * The buckets with weights. A model published before models were sparse names none and has an idf
     * and a weight for every bucket: it is read as such, so bots published then keep working.
     */
    static List<Integer> usedBuckets(IntentModel model) {
        if (model.getBuckets().isEmpty() && model.getIdf().size() == model.getLexicalBuckets()) {
            return java.util.stream.IntStream.range(0, model.getLexicalBuckets()).boxed().toList();
        }
        return model.getBuckets();
    }

    private IntentClassifier(IntentModel model) {
        this.model = model;
        float[] centre = floats(model.getCentre());
        float[] idf = new float[model.getLexicalBuckets()];
        Arrays.fill(idf, model.getUnseenIdf());
        this.columnOfBucket = new int[model.getLexicalBuckets()];
        Arrays.fill(columnOfBucket, -1);
        List<Integer> buckets = usedBuckets(model);
        for (int k = 0; k < buckets.size(); k++) {
            idf[buckets.get(k)] = model.getIdf().get(k);
            columnOfBucket[buckets.get(k)] = centre.length + k;
        }
        this.features = new Features(centre, idf);
        this.denseColumns = centre.length;
        int classes = model.getIntents().size();
        int row = denseColumns + buckets.size();
        byte[] quantized = new byte[model.getWeights().remaining()];
        model.getWeights().duplicate().get(quantized);
        this.weights = new float[classes][row];
        for (int c = 0; c < classes; c++) {
            float denseScale = model.getScales().get(2 * c);
            float lexicalScale = model.getScales().get(2 * c + 1);
            for (int j = 0; j < row; j++) {
                weights[c][j] = quantized[c * row + j] * (j < denseColumns ? denseScale : lexicalScale);
            }
        }
        this.temperature = model.getTemperature();
    }

    public static IntentClassifier of(IntentModel model) {
        return new IntentClassifier(model);
    }

    /** Whether {@code embedding} is one this classifier reads: made by the encoder it was trained with. */
    public boolean reads(SentenceEmbedding embedding) {
        return embedding != null && model.getSentenceEncoder() != null
                && model.getSentenceEncoder().equals(embedding.getSentenceEncoder())
                && embedding.getVector().size() == denseColumns;
    }

    /**
     * Every intent with its calibrated confidence for {@code text}, best first (ties by name). An
     * embedding this classifier does not read is ignored: the text is then ranked on its words alone.
     */
    public List<IntentScore> rank(String text, SentenceEmbedding embedding) {
        double[] scores = scores(text, embedding);
        Temperature.soften(scores, temperature);
        List<IntentScore> ranking = new ArrayList<>(scores.length);
        for (int c = 0; c < scores.length; c++) {
            ranking.add(new IntentScore(model.getIntents().get(c), scores[c]));
        }
        ranking.sort(Comparator.comparingDouble(IntentScore::getConfidence).reversed().thenComparing(IntentScore::getIntent));
        return ranking;
    }

    /** Each intent's raw score (logit), in the model's order. */
    double[] scores(String text, SentenceEmbedding embedding) {
        float[] dense = features.dense(reads(embedding) ? floats(embedding.getVector()) : null);
        LexicalFeatures.Vector lexical = features.lexical(text);
        double[] scores = new double[weights.length];
        for (int c = 0; c < scores.length; c++) {
            float[] row = weights[c];
            double score = 0;
            for (int j = 0; j < denseColumns; j++) {
                score += row[j] * dense[j];
            }
            for (int k = 0; k < lexical.buckets().length; k++) {
                int column = columnOfBucket[lexical.buckets()[k]];
                if (column >= 0) {
                    score += row[column] * lexical.values()[k];
                }
            }
            scores[c] = score;
        }
        return scores;
    }

    private static float[] floats(List<Float> values) {
        float[] array = new float[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }
}
