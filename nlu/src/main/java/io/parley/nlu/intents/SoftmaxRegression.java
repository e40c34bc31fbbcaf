package io.parley.nlu.intents;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Multinomial logistic regression over a dense block (the sentence embedding) and a sparse block (the
 * n-gram buckets a bot's phrases use), with an L2 penalty, fitted by L-BFGS. The weights are stored by
 * feature, every class of a feature together, so scoring and the gradient are runs of multiply-adds
 * over the classes. There is no bias: a bot's phrase counts say nothing of how often users mean each
 * intent, and with a bias a text with no known word would lean to one intent instead of none.
 */
final class SoftmaxRegression {

    /** Fixed, so the sum of the parts, and so the model, is the same on any number of cores. */
    private static final int PARTS = 4;
    private static final int MEMORY = 8;
    private static final double TOLERANCE = 1e-5;
    private static final int BLOCK = 32;

    /** A training example: its features and its class. */
    record Example(float[] dense, int[] columns, float[] values, int label) {
    }

    /** The shape of the parameters: dense columns first, then the sparse ones. */
    record Shape(int classes, int denseColumns, int sparseColumns) {

        int size() {
            return (denseColumns + sparseColumns) * classes;
        }

        double denseWeight(double[] parameters, int c, int j) {
            return parameters[j * classes + c];
        }

        double sparseWeight(double[] parameters, int c, int column) {
            return parameters[(denseColumns + column) * classes + c];
        }

    }

    private SoftmaxRegression() {
    }

    /** The parameters minimising the penalised log loss, from {@code start} (zeros when null). */
    static double[] fit(List<Example> examples, Shape shape, double l2, int maxIterations, double[] start) {
        double[] initial = start == null ? new double[shape.size()] : start;
        return Lbfgs.minimize((parameters, gradient) -> lossAndGradient(examples, shape, l2, parameters, gradient),
                initial, maxIterations, MEMORY, TOLERANCE);
    }

    /** Each class's score (logit) for an example. */
    static double[] scores(double[] parameters, Shape shape, Example example) {
        float[] scores = new float[shape.classes()];
        score(toFloats(parameters), shape, example, scores);
        double[] widened = new double[scores.length];
        for (int c = 0; c < scores.length; c++) {
            widened[c] = scores[c];
        }
        return widened;
    }

    private static double lossAndGradient(List<Example> examples, Shape shape, double l2, double[] parameters, double[] gradient) {
        float[] weights = toFloats(parameters);
        int size = examples.size();
        float[][] partGradients = new float[PARTS][];
        double[] partLosses = new double[PARTS];
        IntStream.range(0, PARTS).parallel().forEach(part -> {
            float[] partGradient = new float[shape.size()];
            partLosses[part] = accumulate(examples.subList(size * part / PARTS, size * (part + 1) / PARTS),
                    shape, weights, partGradient);
            partGradients[part] = partGradient;
        });
        double loss = 0;
        Arrays.fill(gradient, 0);
        for (int part = 0; part < PARTS; part++) {
            loss += partLosses[part];
            float[] partGradient = partGradients[part];
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] += partGradient[i];
            }
        }
        for (int i = 0; i < shape.size(); i++) {
            loss += l2 * parameters[i] * parameters[i];
            gradient[i] += 2 * l2 * parameters[i];
        }
        return loss;
    }

    /**
     * Adds the examples' log loss gradient to {@code gradient}; returns their log loss. Examples go in
     * blocks, so a feature's weights and gradient are fetched once a block, not once an example: the
     * dense block of a large bot is bigger than a core's fastest caches.
     */
    private static double accumulate(List<Example> examples, Shape shape, float[] weights, float[] gradient) {
        int classes = shape.classes();
        int dense = shape.denseColumns();
        float[][] scores = new float[BLOCK][classes];
        double loss = 0;
        for (int from = 0; from < examples.size(); from += BLOCK) {
            List<Example> block = examples.subList(from, Math.min(examples.size(), from + BLOCK));
            int size = block.size();
            for (int i = 0; i < size; i++) {
                java.util.Arrays.fill(scores[i], 0);
            }
            for (int j = 0; j < dense; j++) {
                for (int i = 0; i < size; i++) {
                    multiplyAdd(block.get(i).dense()[j], weights, j * classes, scores[i]);
                }
            }
            for (int i = 0; i < size; i++) {
                Example example = block.get(i);
                for (int k = 0; k < example.columns().length; k++) {
                    multiplyAdd(example.values()[k], weights, (dense + example.columns()[k]) * classes, scores[i]);
                }
                loss += softmaxErrors(scores[i], example.label());
            }
            // scores now hold each example's errors (probability minus truth).
            for (int j = 0; j < dense; j++) {
                for (int i = 0; i < size; i++) {
                    axpy(block.get(i).dense()[j], scores[i], gradient, j * classes);
                }
            }
            for (int i = 0; i < size; i++) {
                Example example = block.get(i);
                for (int k = 0; k < example.columns().length; k++) {
                    axpy(example.values()[k], scores[i], gradient, (dense + example.columns()[k]) * classes);
                }
            }
        }
        return loss;
    }

    /** Turns scores into errors (softmax probability minus 1 for the true class) in place; returns the log loss. */
    private static double softmaxErrors(float[] scores, int label) {
        float max = Float.NEGATIVE_INFINITY;
        for (float score : scores) {
            max = Math.max(max, score);
        }
        double sum = 0;
        for (float score : scores) {
            sum += Math.exp(score - max);
        }
        double loss = -(scores[label] - max - Math.log(sum));
        for (int c = 0; c < scores.length; c++) {
            scores[c] = (float) (Math.exp(scores[c] - max) / sum) - (c == label ? 1 : 0);
        }
        return loss;
    }

    private static void score(float[] weights, Shape shape, Example example, float[] scores) {
        int classes = shape.classes();
        Arrays.fill(scores, 0);
        float[] dense = example.dense();
        for (int j = 0; j < dense.length; j++) {
            multiplyAdd(dense[j], weights, j * classes, scores);
        }
        for (int k = 0; k < example.columns().length; k++) {
            multiplyAdd(example.values()[k], weights, (dense.length + example.columns()[k]) * classes, scores);
        }
    }

    private static float[] toFloats(double[] parameters) {
        float[] weights = new float[parameters.length];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) parameters[i];
        }
        return weights;
    }

    /** {@code y[offset..] += a * x}. */
    private static void axpy(float a, float[] x, float[] y, int offset) {
        for (int c = 0; c < x.length; c++) {
            y[offset + c] += a * x[c];
        }
    }

    /** {@code y += a * x[offset..]}. */
    private static void multiplyAdd(float a, float[] x, int offset, float[] y) {
        for (int c = 0; c < y.length; c++) {
            y[c] += a * x[offset + c];
        }
    }
}
