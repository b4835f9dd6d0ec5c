package org.deepminer.eval.internal;

/**
 * L2-regularised logistic regression fitted by Newton's method (the feature count is the concept vocabulary,
 * a few dozen, so the Hessian is small). The intercept is not penalised beyond a tiny ridge that keeps it
 * finite when a training fold holds one class only.
 */
public final class LogisticRegression {
    private static final double INTERCEPT_RIDGE = 1e-6;
    private static final int MAX_ITERATIONS = 100;

    private final double[] weights; // [0] = intercept

    private LogisticRegression(double[] weights) {
        this.weights = weights;
    }

    /**
     * @param x row-major features, {@code rows x features}
     * @param y the label of each row
     * @param rows which rows to fit on (a training fold)
     * @param features features per row
     * @param lambda the L2 penalty on the feature weights
     */
    public static LogisticRegression fit(double[] x, boolean[] y, int[] rows, int features, double lambda) {
        int d = features + 1;
        double[] w = new double[d];
        double[] grad = new double[d];
        double[] hess = new double[d * d];
        double loss = loss(x, y, rows, features, lambda, w);
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            java.util.Arrays.fill(grad, 0);
            java.util.Arrays.fill(hess, 0);
            double[] row = new double[d];
            for (int r : rows) {
                row[0] = 1;
                System.arraycopy(x, r * features, row, 1, features);
                double p = sigmoid(dot(row, w));
                double err = p - (y[r] ? 1 : 0);
                double s = Math.max(p * (1 - p), 1e-12);
                for (int a = 0; a < d; a++) {
                    if (row[a] == 0) {
                        continue;
                    }
                    grad[a] += err * row[a];
                    for (int b = 0; b < d; b++) {
                        hess[a * d + b] += s * row[a] * row[b];
                    }
                }
            }
            for (int a = 0; a < d; a++) {
                double ridge = a == 0 ? INTERCEPT_RIDGE : lambda;
                grad[a] += ridge * w[a];
                hess[a * d + a] += ridge;
            }
            double[] step = Cholesky.solve(hess, grad, d);
            // damped Newton: halve the step until the penalised loss does not increase
            double t = 1;
            double[] next = new double[d];
            double nextLoss;
            do {
                for (int a = 0; a < d; a++) {
                    next[a] = w[a] - t * step[a];
                }
                nextLoss = loss(x, y, rows, features, lambda, next);
                t /= 2;
            } while (nextLoss > loss + 1e-12 && t > 1e-10);
            double change = 0;
            for (int a = 0; a < d; a++) {
                change = Math.max(change, Math.abs(next[a] - w[a]));
            }
            System.arraycopy(next, 0, w, 0, d);
            loss = nextLoss;
            if (change < 1e-9) {
                break;
            }
        }
        return new LogisticRegression(w);
    }

    /** P(label true | features of row {@code r}). */
    public double probability(double[] x, int r, int features) {
        double z = weights[0];
        for (int f = 0; f < features; f++) {
            z += weights[f + 1] * x[r * features + f];
        }
        return sigmoid(z);
    }

    /** The fitted weights, intercept first. */
    public double[] weights() {
        return weights.clone();
    }

    private static double loss(double[] x, boolean[] y, int[] rows, int features, double lambda, double[] w) {
        double l = 0;
        for (int r : rows) {
            double z = w[0];
            for (int f = 0; f < features; f++) {
                z += w[f + 1] * x[r * features + f];
            }
            // log(1 + e^z) - y z, computed without overflow
            l += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - (y[r] ? z : 0);
        }
        double penalty = INTERCEPT_RIDGE * w[0] * w[0];
        for (int a = 1; a < w.length; a++) {
            penalty += lambda * w[a] * w[a];
        }
        return l + penalty / 2;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /** Solves a symmetric positive-definite system. */
    static final class Cholesky {
        private Cholesky() {}

        static double[] solve(double[] a, double[] b, int n) {
            double[] l = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = a[i * n + j];
                    for (int k = 0; k < j; k++) {
                        s -= l[i * n + k] * l[j * n + k];
                    }
                    if (i == j) {
                        l[i * n + i] = Math.sqrt(Math.max(s, 1e-300));
                    } else {
                        l[i * n + j] = s / l[j * n + j];
                    }
                }
            }
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
                double s = b[i];
                for (int k = 0; k < i; k++) {
                    s -= l[i * n + k] * z[k];
                }
                z[i] = s / l[i * n + i];
            }
            double[] out = new double[n];
            for (int i = n - 1; i >= 0; i--) {
                double s = z[i];
                for (int k = i + 1; k < n; k++) {
                    s -= l[k * n + i] * out[k];
                }
                out[i] = s / l[i * n + i];
            }
            return out;
        }
    }
}
