package io.parley.nlu.intents;

/**
 * Temperature scaling (Guo et al., "On Calibration of Modern Neural Networks", 2017): the one number
 * that divides a classifier's scores so that its held-out log loss is smallest.
 */
final class Temperature {

    /**
     * Temperatures seen on real bots lie near 0.5. The floor matters for small bots whose every
     * held-out phrase was right: the loss then falls without end as the temperature does, and an
     * unbounded fit would make every guess (even a text with no known word) look certain.
     */
    private static final double LOWEST_LOG = Math.log(0.25);
    private static final double HIGHEST_LOG = Math.log(10);
    private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;
    private static final int STEPS = 60;

    private Temperature() {
    }

    /** The temperature for held-out {@code scores} of examples whose classes are {@code labels}. */
    static double fit(double[][] scores, int[] labels) {
        double low = LOWEST_LOG;
        double high = HIGHEST_LOG;
        double left = high - GOLDEN * (high - low);
        double right = low + GOLDEN * (high - low);
        double leftLoss = logLoss(scores, labels, Math.exp(left));
        double rightLoss = logLoss(scores, labels, Math.exp(right));
        for (int step = 0; step < STEPS; step++) {
            if (leftLoss < rightLoss) {
                high = right;
                right = left;
                rightLoss = leftLoss;
                left = high - GOLDEN * (high - low);
                leftLoss = logLoss(scores, labels, Math.exp(left));
            } else {
                low = left;
                left = right;
                leftLoss = rightLoss;
                right = low + GOLDEN * (high - low);
                rightLoss = logLoss(scores, labels, Math.exp(right));
            }
        }
        return Math.exp((low + high) / 2);
    }

    /** Softmax of {@code scores} divided by {@code temperature}, in place. */
    static void soften(double[] scores, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double score : scores) {
            max = Math.max(max, score);
        }
        double sum = 0;
        for (int c = 0; c < scores.length; c++) {
            scores[c] = Math.exp((scores[c] - max) / temperature);
            sum += scores[c];
        }
        for (int c = 0; c < scores.length; c++) {
            scores[c] /= sum;
        }
    }

    private static double logLoss(double[][] scores, int[] labels, double temperature) {
        double loss = 0;
        for (int i = 0; i < scores.length; i++) {
            double[] probabilities = scores[i].clone();
            soften(probabilities, temperature);
            loss -= Math.log(Math.max(probabilities[labels[i]], 1e-300));
        }
        return loss / scores.length;
    }
}
