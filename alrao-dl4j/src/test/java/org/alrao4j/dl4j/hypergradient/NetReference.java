package org.alrao4j.dl4j.hypergradient;

/**
 * Plain-Java double reference of global hypergradient descent over a whole parameter vector (arXiv:1703.04782,
 * Algorithms 1-3): {@code alpha_t = alpha_{t-1} + beta g_t . d_{t-1}}, update {@code alpha_t d_t}. Elements with a
 * zero gradient everywhere (masked out by the caller) contribute nothing to the dot product.
 */
final class NetReference {

    private enum Kind { SGD, SGDN, ADAM }

    private final Kind kind;
    private final double beta;
    private final double mu;
    private final double b1;
    private final double b2;
    private final double eps;
    private double[] prev;
    private double[] m;
    private double[] v;
    private int t;
    double alpha;

    private NetReference(Kind kind, double alpha0, double beta, double mu, double b1, double b2, double eps) {
        this.kind = kind;
        this.alpha = alpha0;
        this.beta = beta;
        this.mu = mu;
        this.b1 = b1;
        this.b2 = b2;
        this.eps = eps;
    }

    static NetReference sgd(double alpha0, double beta) {
        return new NetReference(Kind.SGD, alpha0, beta, 0, 0, 0, 0);
    }

    static NetReference sgdn(double alpha0, double beta, double mu) {
        return new NetReference(Kind.SGDN, alpha0, beta, mu, 0, 0, 0);
    }

    static NetReference adam(double alpha0, double beta, double b1, double b2, double eps) {
        return new NetReference(Kind.ADAM, alpha0, beta, 0, b1, b2, eps);
    }

    /** @return the update {@code alpha_t d_t} for the gradient {@code g} */
    double[] step(double[] g) {
        int n = g.length;
        if (prev == null) {
            prev = new double[n];
            m = new double[n];
            v = new double[n];
        }
        t++;
        double h = 0;
        for (int i = 0; i < n; i++) {
            h += g[i] * prev[i];
        }
        alpha += beta * h;
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            double d;
            if (kind == Kind.SGD) {
                d = g[i];
            } else if (kind == Kind.SGDN) {
                v[i] = mu * v[i] + g[i];
                d = g[i] + mu * v[i];
            } else {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                d = Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t)) * m[i] / (Math.sqrt(v[i]) + eps);
            }
            prev[i] = d;
            u[i] = alpha * d;
        }
        return u;
    }
}
