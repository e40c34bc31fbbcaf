package io.parley.nlu.intents;

/**
 * Limited-memory BFGS for a smooth convex objective (Nocedal and Wright, Numerical Optimization,
 * algorithm 7.4) with a backtracking line search. Written here because OpenNLP's QNMinimizer prints
 * to standard output and calls {@code System.gc()} after every fit, which a serving JVM must not do.
 */
final class Lbfgs {

    /** A function to minimise: returns its value at {@code x} and writes its gradient there. */
    @FunctionalInterface
    interface Objective {
        double evaluate(double[] x, double[] gradient);
    }

    private static final double ARMIJO = 1e-4;
    private static final int MAX_STEP_HALVINGS = 30;

    private Lbfgs() {
    }

    /**
     * The point where {@code objective} is smallest, from {@code start}; stops after {@code maxIterations},
     * or when an iteration lowers the value by less than {@code tolerance} of it.
     */
    static double[] minimize(Objective objective, double[] start, int maxIterations, int memory, double tolerance) {
        int n = start.length;
        double[] x = start.clone();
        double[] gradient = new double[n];
        double value = objective.evaluate(x, gradient);
        double[][] steps = new double[memory][];
        double[][] changes = new double[memory][];
        double[] rho = new double[memory];
        double[] alpha = new double[memory];
        int stored = 0;
        double[] direction = new double[n];
        double[] next = new double[n];
        double[] nextGradient = new double[n];
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            // Two-loop recursion: direction = -H * gradient.
            System.arraycopy(gradient, 0, direction, 0, n);
            for (int i = stored - 1; i >= 0; i--) {
                alpha[i] = rho[i] * dot(steps[i], direction);
                axpy(-alpha[i], changes[i], direction);
            }
            if (stored > 0) {
                double[] lastChange = changes[stored - 1];
                scale(direction, dot(steps[stored - 1], lastChange) / dot(lastChange, lastChange));
            } else {
                scale(direction, 1 / Math.max(1, Math.sqrt(dot(gradient, gradient))));
            }
            for (int i = 0; i < stored; i++) {
                double beta = rho[i] * dot(changes[i], direction);
                axpy(alpha[i] - beta, steps[i], direction);
            }
            scale(direction, -1);
            double slope = dot(gradient, direction);
            if (slope >= 0) {
                // Not a descent direction (numerical trouble): restart from steepest descent.
                stored = 0;
                System.arraycopy(gradient, 0, direction, 0, n);
                scale(direction, -1 / Math.max(1, Math.sqrt(dot(gradient, gradient))));
                slope = dot(gradient, direction);
                if (slope >= 0) {
                    return x;
                }
            }
            double step = 1;
            double nextValue = Double.NaN;
            boolean accepted = false;
            for (int halving = 0; halving < MAX_STEP_HALVINGS; halving++) {
                for (int i = 0; i < n; i++) {
                    next[i] = x[i] + step * direction[i];
                }
                nextValue = objective.evaluate(next, nextGradient);
                if (nextValue <= value + ARMIJO * step * slope) {
                    accepted = true;
                    break;
                }
                step /= 2;
            }
            if (!accepted) {
                return x;
            }
            double[] s = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = next[i] - x[i];
                y[i] = nextGradient[i] - gradient[i];
            }
            double sy = dot(s, y);
            if (sy > 1e-12) {
                if (stored == memory) {
                    System.arraycopy(steps, 1, steps, 0, memory - 1);
                    System.arraycopy(changes, 1, changes, 0, memory - 1);
                    System.arraycopy(rho, 1, rho, 0, memory - 1);
                    stored--;
                }
                steps[stored] = s;
                changes[stored] = y;
                rho[stored] = 1 / sy;
                stored++;
            }
            double decrease = value - nextValue;
            System.arraycopy(next, 0, x, 0, n);
            System.arraycopy(nextGradient, 0, gradient, 0, n);
            value = nextValue;
            if (decrease <= tolerance * Math.max(1, Math.abs(value))) {
                break;
            }
        }
        return x;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static void scale(double[] x, double a) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= a;
        }
    }
}
