package org.alrao4j.dl4j.head;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.alrao4j.core.AlraoSettings;
import org.alrao4j.core.AlraoUpdater;
import org.alrao4j.core.BaseOptimizer;
import org.alrao4j.core.ClassifierLearningRates;
import org.alrao4j.core.LearningRateRange;
import org.alrao4j.core.Switch;
import org.alrao4j.core.UnitLayout;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffOutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Alrao's output layer: N linear + log-softmax classifiers (or, with {@link Builder#regression}, N linear
 * regressors with a Gaussian likelihood) on the same features, with learning rates on a
 * geometric grid over [lrMin, lrMax] (spec 2.2), mixed by the Switch posterior (spec 3). Feed-forward input
 * {@code [batch, nIn]} or recurrent input {@code [batch, nIn, time]} (one prediction per time step, label
 * masks honoured). The output is the mixture probability {@code sum_j a_j p_j}, so {@code output()},
 * {@code evaluate()} and DL4J's {@code Evaluation} work as with a softmax output layer.
 *
 * <p>Training follows spec 3.6: the body receives the gradient of the mixture NLL only, classifier j the
 * gradient of its own NLL on detached features only; the Switch is updated once per training minibatch
 * from the classifiers' pre-update losses. Losses are means per prediction (per example, or per
 * unmasked time step for sequences), as in the reference implementation.
 *
 * <pre>
 *   new AlraoOutputLayer.Builder().nIn(500).nOut(10).numClassifiers(10).lrMin(1e-5).lrMax(10).build()
 * </pre>
 */
public class AlraoOutputLayer extends SameDiffOutputLayer {

    private static final long serialVersionUID = 1L;
    /** Parameter: classifier weights {@code [nIn, N*C]}. */
    public static final String WEIGHTS = "W";
    /** Parameter: classifier biases {@code [1, N*C]}. */
    public static final String BIASES = "b";
    /** Parameter: log-posterior {@code [1, N]} the forward pass mixes with. */
    public static final String LOG_POSTERIOR = "logPost";
    /** Parameter: Switch state {@code [1, 2N+1]}: log-weights row A, row B, then the step counter. */
    public static final String SWITCH_STATE = "switch";
    /** Default number of classifiers, as the reference's CNN script. */
    public static final int DEFAULT_NUM_CLASSIFIERS = 10;
    /** Default variance of the regression head's Gaussian likelihood, as the reference's {@code main_reg.py}. */
    public static final double DEFAULT_SIGMA2 = 1.0;

    @JsonProperty("nIn")
    private long nIn;
    @JsonProperty("nOut")
    private long nOut;
    @JsonProperty("numClassifiers")
    private int numClassifiers = DEFAULT_NUM_CLASSIFIERS;
    @JsonProperty("lrMin")
    private double lrMin;
    @JsonProperty("lrMax")
    private double lrMax;
    @JsonProperty("optimizer")
    private BaseOptimizer optimizer = BaseOptimizer.SGD;
    @JsonProperty("theta")
    private double theta = Switch.DEFAULT_THETA;
    @JsonProperty("lrMultiplier")
    private ISchedule lrMultiplier;
    @JsonProperty("task")
    private HeadTask task = HeadTask.CLASSIFICATION;
    @JsonProperty("sigma2")
    private double sigma2 = DEFAULT_SIGMA2;
    @JsonProperty("regressionOutput")
    private RegressionOutput regressionOutput = RegressionOutput.POSTERIOR_MEAN;
    @JsonProperty("switchFrozen")
    private boolean switchFrozen;

    /** For JSON. */
    protected AlraoOutputLayer() {
    }

    private AlraoOutputLayer(Builder b) {
        setLayerName(b.name);
        this.nIn = b.nIn;
        this.nOut = b.nOut;
        this.numClassifiers = b.numClassifiers;
        this.lrMin = b.lrMin;
        this.lrMax = b.lrMax;
        this.optimizer = b.optimizer;
        this.theta = b.theta;
        this.lrMultiplier = b.lrMultiplier;
        this.task = b.task;
        this.sigma2 = b.sigma2;
        this.regressionOutput = b.regressionOutput;
        HeadConfigChecks.validate(this);
    }

    /** @return the classifiers' learning rates (spec 2.2 grid) */
    public double[] classifierLearningRates() {
        return ClassifierLearningRates.geometricGrid(new LearningRateRange(lrMin, lrMax), numClassifiers);
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, SDVariable labels, Map<String, SDVariable> params) {
        if (task == HeadTask.REGRESSION) {
            return new RegressionHeadGraph(numClassifiers, (int) nOut, sigma2, regressionOutput)
                    .define(sd, input, labels, params);
        }
        return new HeadGraph(numClassifiers, (int) nOut).define(sd, input, labels, params);
    }

    @Override
    public String activationsVertexName() {
        return HeadGraph.OUTPUT;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam(WEIGHTS, nIn, (long) numClassifiers * nOut);
        params.addBiasParam(BIASES, 1, (long) numClassifiers * nOut);
        params.addBiasParam(LOG_POSTERIOR, 1, numClassifiers);
        params.addBiasParam(SWITCH_STATE, 1, 2L * numClassifiers + 1);
    }

    /** PyTorch's default {@code nn.Linear} init, U(-1/sqrt(nIn), 1/sqrt(nIn)) for weights and biases (spec 2.3). */
    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        double bound = 1 / Math.sqrt(nIn);
        for (String key : new String[] {WEIGHTS, BIASES}) {
            INDArray p = params.get(key);
            p.assign(org.nd4j.linalg.factory.Nd4j.rand(p.dataType(), p.shape()).muli(2 * bound).subi(bound));
        }
        SwitchState.write(new Switch(numClassifiers, theta), params.get(LOG_POSTERIOR), params.get(SWITCH_STATE));
    }

    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        if (WEIGHTS.equals(paramName) || BIASES.equals(paramName)) {
            return classifierUpdater();
        }
        if (LOG_POSTERIOR.equals(paramName) || SWITCH_STATE.equals(paramName)) {
            return new NoOp();
        }
        throw new IllegalArgumentException("AlraoOutputLayer has no parameter '" + paramName + "'; its parameters are "
                + List.of(WEIGHTS, BIASES, LOG_POSTERIOR, SWITCH_STATE));
    }

    /** One updater for [W | b] whose unit j is classifier j: every column of classifier j gets rate eta_j. */
    private AlraoUpdater classifierUpdater() {
        UnitLayout layout = UnitLayout.builder().segment(0, numClassifiers, nOut, nIn)
                .segment(0, numClassifiers, nOut, 1).build();
        AlraoSettings settings = AlraoSettings.builder().lrMin(lrMin).lrMax(lrMax).optimizer(optimizer)
                .lrMultiplier(lrMultiplier).build();
        return settings.updaterFor(classifierLearningRates(), layout, "alrao-head:" + getLayerName());
    }

    /** The posterior is not trained: no regularization may touch it. */
    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        if (LOG_POSTERIOR.equals(paramName) || SWITCH_STATE.equals(paramName)) {
            return Collections.emptyList();
        }
        return super.getRegularizationByParam(paramName);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        AlraoOutputLayerRuntime layer = new AlraoOutputLayerRuntime(conf, networkDataType);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        layer.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        layer.setConf(conf);
        layer.setListeners(listeners);
        return layer;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (inputType instanceof InputType.InputTypeRecurrent) {
            return InputType.recurrent(nOut, ((InputType.InputTypeRecurrent) inputType).getTimeSeriesLength());
        }
        return InputType.feedForward(nOut);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (task == HeadTask.REGRESSION && inputType.getType() == InputType.Type.RNN) {
            throw new IllegalArgumentException("the regression Alrao head '" + getLayerName() + "' takes"
                    + " feed-forward input [batch, nIn], got " + inputType + "; use a classification head for"
                    + " sequences, or a LastTimeStep body");
        }
        if (nIn > 0 && !override) {
            return;
        }
        nIn = switch (inputType.getType()) {
            case FF -> ((InputType.InputTypeFeedForward) inputType).getSize();
            case RNN -> ((InputType.InputTypeRecurrent) inputType).getSize();
            case CNN, CNNFlat -> inputType.arrayElementsPerExample();
            default -> throw new IllegalArgumentException("AlraoOutputLayer '" + getLayerName() + "' takes feed-forward"
                    + " [batch, nIn] or recurrent [batch, nIn, time] input, got " + inputType + "; add a"
                    + " GlobalPoolingLayer or a preprocessor that flattens it");
        };
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        if (inputType instanceof InputType.InputTypeConvolutional) {
            InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) inputType;
            return new CnnToFeedForwardPreProcessor(c.getHeight(), c.getWidth(), c.getChannels(), c.getFormat());
        }
        return null;
    }

    /** @return input size (features per example or per time step) */
    public long getNIn() {
        return nIn;
    }

    /** @return number of classes */
    public long getNOut() {
        return nOut;
    }

    /** @return N */
    public int getNumClassifiers() {
        return numClassifiers;
    }

    /** @return lower end of the classifier grid */
    public double getLrMin() {
        return lrMin;
    }

    /** @return upper end of the classifier grid */
    public double getLrMax() {
        return lrMax;
    }

    /** @return base optimizer of the classifiers */
    public BaseOptimizer getOptimizer() {
        return optimizer;
    }

    /** @return the Switch's theta */
    public double getTheta() {
        return theta;
    }

    /** @return classification or regression */
    public HeadTask getTask() {
        return task;
    }

    /** @return variance of the regression likelihood */
    public double getSigma2() {
        return sigma2;
    }

    /** @return what a regression head outputs */
    public RegressionOutput getRegressionOutput() {
        return regressionOutput;
    }

    /** @return schedule multiplying the classifier rates, or {@code null} */
    public ISchedule getLrMultiplier() {
        return lrMultiplier;
    }

    /**
     * @return whether training leaves the Switch posterior unchanged: set for gradient-sharing training on Spark,
     *     where a posterior written on one worker would reach no other (docs/spark.md); not part of the builder
     */
    public boolean isSwitchFrozen() {
        return switchFrozen;
    }

    /** @param frozen whether training leaves the Switch posterior unchanged (see {@link #isSwitchFrozen()}) */
    public void setSwitchFrozen(boolean frozen) {
        this.switchFrozen = frozen;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AlraoOutputLayer) || !super.equals(o)) {
            return false;
        }
        AlraoOutputLayer other = (AlraoOutputLayer) o;
        return nIn == other.nIn && nOut == other.nOut && numClassifiers == other.numClassifiers
                && lrMin == other.lrMin && lrMax == other.lrMax && optimizer == other.optimizer
                && theta == other.theta && Objects.equals(lrMultiplier, other.lrMultiplier) && task == other.task
                && sigma2 == other.sigma2 && regressionOutput == other.regressionOutput
                && switchFrozen == other.switchFrozen;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), nIn, nOut, numClassifiers, lrMin, lrMax, optimizer, theta, lrMultiplier,
                task, sigma2, regressionOutput, switchFrozen);
    }

    @Override
    public AlraoOutputLayer clone() {
        return (AlraoOutputLayer) super.clone();
    }

    /** Builder; validation in {@link #build()}. */
    public static class Builder {
        private String name;
        private long nIn;
        private long nOut;
        private int numClassifiers = DEFAULT_NUM_CLASSIFIERS;
        private double lrMin = AlraoSettings.DEFAULT_LR_MIN;
        private double lrMax = AlraoSettings.DEFAULT_LR_MAX;
        private BaseOptimizer optimizer = BaseOptimizer.SGD;
        private double theta = Switch.DEFAULT_THETA;
        private ISchedule lrMultiplier;
        private HeadTask task = HeadTask.CLASSIFICATION;
        private double sigma2 = DEFAULT_SIGMA2;
        private RegressionOutput regressionOutput = RegressionOutput.POSTERIOR_MEAN;

        /** @param name the layer's name */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** @param nIn features per example (0: from the input type) */
        public Builder nIn(long nIn) {
            this.nIn = nIn;
            return this;
        }

        /** @param nOut number of classes */
        public Builder nOut(long nOut) {
            this.nOut = nOut;
            return this;
        }

        /** @param n number of classifiers N, {@code >= 1} */
        public Builder numClassifiers(int n) {
            this.numClassifiers = n;
            return this;
        }

        /** @param lrMin learning rate of classifier 0 */
        public Builder lrMin(double lrMin) {
            this.lrMin = lrMin;
            return this;
        }

        /** @param lrMax learning rate of classifier N-1 */
        public Builder lrMax(double lrMax) {
            this.lrMax = lrMax;
            return this;
        }

        /** @param optimizer SGD (default) or ADAM for every classifier */
        public Builder optimizer(BaseOptimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** @param theta the Switch's theta in (0, 1) */
        public Builder theta(double theta) {
            this.theta = theta;
            return this;
        }

        /** @param lrMultiplier schedule multiplying every classifier rate, or {@code null} */
        public Builder lrMultiplier(ISchedule lrMultiplier) {
            this.lrMultiplier = lrMultiplier;
            return this;
        }

        /**
         * Makes this a regression head (spec 3.9): nOut is the output dimension, labels are real targets.
         *
         * @param sigma2 variance of the Gaussian likelihood, {@code > 0}
         * @param output what the head outputs
         */
        public Builder regression(double sigma2, RegressionOutput output) {
            this.task = HeadTask.REGRESSION;
            this.sigma2 = sigma2;
            this.regressionOutput = output;
            return this;
        }

        /** @return the validated configuration */
        public AlraoOutputLayer build() {
            return new AlraoOutputLayer(this);
        }
    }
}
