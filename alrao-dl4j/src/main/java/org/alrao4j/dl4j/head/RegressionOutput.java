package org.alrao4j.dl4j.head;

/** What a regression head outputs (spec 3.9). */
public enum RegressionOutput {
    /** {@code sum_j a_j mu_j}: the posterior-weighted mean of the regressors' predictions. */
    POSTERIOR_MEAN,
    /** The prediction of the regressor with the largest posterior (the reference's {@code sample_best_candidate}). */
    BEST_MODEL
}
