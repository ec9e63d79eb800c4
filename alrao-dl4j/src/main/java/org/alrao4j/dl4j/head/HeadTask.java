package org.alrao4j.dl4j.head;

/** What the Alrao head's N models predict (Alrao spec 3.9 for regression). */
public enum HeadTask {
    /** Softmax classifiers, NLL losses; output = posterior-weighted class probabilities. */
    CLASSIFICATION,
    /** Linear regressors with Gaussian likelihood N(y; mu_j, sigma2 I); output chosen by {@link RegressionOutput}. */
    REGRESSION
}
