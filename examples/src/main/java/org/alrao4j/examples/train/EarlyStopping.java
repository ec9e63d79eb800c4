package org.alrao4j.examples.train;

/**
 * The reference's {@code alrao/earlystopping.py} in mode 'min' (Alrao spec section 5.1): an epoch improves
 * when its value is below {@code best * (1 - 1e-4)}; training stops once more than {@code patience}
 * consecutive epochs have not improved (21 epochs with patience 20).
 */
public final class EarlyStopping {

    /** The reference's patience. */
    public static final int DEFAULT_PATIENCE = 20;
    /** The reference's relative improvement threshold. */
    public static final double THRESHOLD = 1e-4;

    private final int patience;
    private double best = Double.POSITIVE_INFINITY;
    private int badEpochs;

    /** @param patience number of non-improving epochs tolerated, {@code >= 0} */
    public EarlyStopping(int patience) {
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0, got " + patience);
        }
        this.patience = patience;
    }

    /**
     * Records one epoch's validation loss.
     *
     * @param value the monitored value (NaN counts as no improvement)
     * @return true when training should stop
     */
    public boolean step(double value) {
        if (value < best * (1 - THRESHOLD) || best == Double.POSITIVE_INFINITY && value < best) {
            best = value;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        return badEpochs > patience;
    }

    /** @return the best value seen */
    public double best() {
        return best;
    }
}
