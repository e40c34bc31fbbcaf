package io.parley.nlu.intents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LbfgsTest {

    @Test
    void findsTheMinimumOfAnIllConditionedQuadratic() {
        double[] scale = {1, 10, 100, 1000};
        double[] centre = {3, -2, 0.5, 7};
        double[] minimum = Lbfgs.minimize((x, gradient) -> {
            double value = 0;
            for (int i = 0; i < x.length; i++) {
                double d = x[i] - centre[i];
                value += scale[i] * d * d;
                gradient[i] = 2 * scale[i] * d;
            }
            return value;
        }, new double[4], 200, 8, 1e-12);
        for (int i = 0; i < centre.length; i++) {
            assertThat(minimum[i]).isCloseTo(centre[i], within(1e-4));
        }
    }

    @Test
    void findsTheMinimumOfRosenbrocksValley() {
        double[] minimum = Lbfgs.minimize((x, gradient) -> {
            double a = 1 - x[0];
            double b = x[1] - x[0] * x[0];
            gradient[0] = -2 * a - 400 * x[0] * b;
            gradient[1] = 200 * b;
            return a * a + 100 * b * b;
        }, new double[] {-1.2, 1}, 500, 8, 1e-15);
        assertThat(minimum[0]).isCloseTo(1, within(1e-3));
        assertThat(minimum[1]).isCloseTo(1, within(1e-3));
    }

    @Test
    void stopsAtOnceWhereTheGradientIsZero() {
        double[] start = {2, 2};
        double[] result = Lbfgs.minimize((x, gradient) -> 5, start, 100, 8, 1e-9);
        assertThat(result).containsExactly(2, 2);
    }
}
