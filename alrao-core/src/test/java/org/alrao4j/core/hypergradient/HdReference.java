package org.alrao4j.core.hypergradient;

/**
 * Plain-Java double reference of the hypergradient rules, written from the paper (arXiv:1703.04782,
 * Algorithms 1-3, lr-methods.md 3.1/3.2) independently of the ND4J code. One instance is one parameter group;
 * {@link #hypergradient} and {@link #direction} are separate so that a test can sum {@code h} over groups for
 * the global alpha.
 */
final class HdReference {

    enum Kind { SGD, SGDN, ADAM }

    private final Kind kind;
    private final double mu;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double[] prevDir;
    private final double[] m;
    private final double[] v;
    private int t;
    double alpha;

    private HdReference(Kind kind, int n, double alpha0, double mu, double beta1, double beta2, double eps) {
        this.kind = kind;
        this.alpha = alpha0;
        this.mu = mu;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.prevDir = new double[n];
        this.m = new double[n];
        this.v = new double[n];
    }

    static HdReference sgd(int n, double alpha0) {
        return new HdReference(Kind.SGD, n, alpha0, 0, 0, 0, 0);
    }

    static HdReference sgdn(int n, double alpha0, double mu) {
        return new HdReference(Kind.SGDN, n, alpha0, mu, 0, 0, 0);
    }

    static HdReference adam(int n, double alpha0, double beta1, double beta2, double eps) {
        return new HdReference(Kind.ADAM, n, alpha0, 0, beta1, beta2, eps);
    }

    /** @return {@code g_t . d_{t-1}} (= {@code -h_t} of the paper) */
    double hypergradient(double[] g) {
        double s = 0;
        for (int i = 0; i < g.length; i++) {
            s += g[i] * prevDir[i];
        }
        return s;
    }

    /** Advances the base optimizer and returns {@code d_t}; also stores it as the next previous direction. */
    double[] direction(double[] g) {
        t++;
        double[] d = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            switch (kind) {
                case SGD:
                    d[i] = g[i];
                    break;
                case SGDN:
                    v[i] = mu * v[i] + g[i];
                    d[i] = g[i] + mu * v[i];
                    break;
                default:
                    m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                    v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                    double stepSize = Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
                    d[i] = stepSize * m[i] / (Math.sqrt(v[i]) + eps);
                    break;
            }
        }
        System.arraycopy(d, 0, prevDir, 0, d.length);
        return d;
    }

    /** One per-group step: updates alpha with this group's own hypergradient and returns the update. */
    double[] step(double[] g, double beta) {
        alpha += beta * hypergradient(g);
        double[] d = direction(g);
        return scale(d, alpha);
    }

    static double[] scale(double[] d, double a) {
        double[] u = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            u[i] = a * d[i];
        }
        return u;
    }
}
