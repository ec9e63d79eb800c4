package org.alrao4j.examples.train;

/**
 * One row of {@code epochs.csv} and of {@code results.json}'s {@code epochs} array.
 *
 * @param epoch         1-based epoch number
 * @param trainLoss     mean training minibatch loss of the epoch, in nats (as the reference: running mean of
 *                      the model's pre-update loss)
 * @param trainAccuracy accuracy on a sample of the training split, evaluated after the epoch
 * @param validLoss     validation loss (NaN without a validation split)
 * @param validAccuracy validation accuracy
 * @param testLoss      test loss
 * @param testAccuracy  test accuracy
 * @param seconds       wall-clock seconds of the epoch (training and evaluation)
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double validLoss,
                           double validAccuracy, double testLoss, double testAccuracy, double seconds) {

    /** Header of {@code epochs.csv}, in field order. */
    public static final String CSV_HEADER =
            "epoch,trainLoss,trainAccuracy,validLoss,validAccuracy,testLoss,testAccuracy,seconds";

    /** @return this row in {@code epochs.csv} format */
    public String csvRow() {
        return epoch + "," + trainLoss + "," + trainAccuracy + "," + validLoss + "," + validAccuracy + ","
                + testLoss + "," + testAccuracy + "," + seconds;
    }

    /** @return the one-line console summary */
    public String summary(int epochs) {
        return String.format("epoch %d/%d  train loss %.4f acc %.4f | valid loss %.4f acc %.4f | test loss %.4f"
                + " acc %.4f | %.1f s", epoch, epochs, trainLoss, trainAccuracy, validLoss, validAccuracy,
                testLoss, testAccuracy, seconds);
    }
}
