package org.alrao4j.dl4j.head;

/**
 * Statistics of one training minibatch, computed before the parameter update.
 *
 * @param predictions    number of labelled predictions (examples, or unmasked time steps)
 * @param nllSum         per classifier, the summed negative log-likelihood
 * @param correct        per classifier, the number of correct argmax predictions
 * @param mixtureNllSum  summed negative log-likelihood of the posterior mixture
 */
record MinibatchStats(long predictions, double[] nllSum, double[] correct, double mixtureNllSum) {

    /** @return per classifier, the mean NLL (the Switch's evidence, spec 3.4 step 1) */
    double[] meanNll() {
        double[] mean = new double[nllSum.length];
        for (int j = 0; j < mean.length; j++) {
            mean[j] = predictions == 0 ? 0 : nllSum[j] / predictions;
        }
        return mean;
    }

    /** @return the mixture's mean NLL */
    double mixtureMeanNll() {
        return predictions == 0 ? 0 : mixtureNllSum / predictions;
    }
}
