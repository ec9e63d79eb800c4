package org.alrao4j.dl4j.head;

/**
 * Per-classifier training statistics of an Alrao head, accumulated over the training minibatches since the
 * last reset (as the reference's {@code get_ll_perf}), with the current posterior.
 *
 * @param learningRates the classifiers' learning rates
 * @param posterior     the current Switch posterior
 * @param meanLoss      per classifier, mean NLL over the accumulated predictions (pre-update, as trained)
 * @param accuracy      per classifier, fraction of correct argmax predictions
 * @param predictions   number of predictions accumulated
 */
public record ClassifierStats(double[] learningRates, double[] posterior, double[] meanLoss, double[] accuracy,
                              long predictions) {

    /** @return one line per classifier: rate, posterior, loss, accuracy */
    public String table() {
        StringBuilder sb = new StringBuilder(String.format("%-4s %-10s %-10s %-10s %-8s%n", "j", "lr", "posterior",
                "loss", "acc"));
        for (int j = 0; j < posterior.length; j++) {
            sb.append(String.format("%-4d %-10.3g %-10.4g %-10.4g %-8.4f%n", j, learningRates[j], posterior[j],
                    meanLoss[j], accuracy[j]));
        }
        return sb.toString();
    }
}
