package org.alrao4j.dl4j;

import java.util.List;
import java.util.Objects;

import org.alrao4j.core.AlraoSettings;
import org.alrao4j.dl4j.head.AlraoOutputLayer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.alrao4j.dl4j.head.RegressionOutput;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.lossfunctions.impl.LossL2;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * One call from a standard DL4J classifier configuration to an Alrao network (the Java counterpart of the
 * reference's {@code AlraoModel}): the body's layers get per-unit Alrao updaters ({@link AlraoInstaller}) and
 * the softmax output layer is replaced by an {@link AlraoOutputLayer} with the same nIn and nOut.
 *
 * <pre>
 *   MultiLayerConfiguration alrao = AlraoNetworks.builder()
 *           .settings(AlraoSettings.builder().lrMin(1e-5).lrMax(10).seed(42).build())
 *           .numClassifiers(10).build()
 *           .convert(lenetConf);
 * </pre>
 *
 * <p>The input configuration must end in an {@code OutputLayer} or {@code RnnOutputLayer} with softmax
 * activation and negative-log-likelihood (MCXENT/NEGATIVELOGLIKELIHOOD) loss, or, for regression (spec 3.9),
 * an {@code OutputLayer} with identity activation and MSE/L2 loss, and know its input sizes
 * (built with {@code setInputType(s)}). Custom models: {@link #withHead(ComputationGraphConfiguration, String,
 * int, InputType...)} adds the head on any feature vertex of a body graph.
 */
public final class AlraoNetworks {

    /** Name of the head when it is added to a body graph. */
    public static final String HEAD_NAME = "alrao";

    private final AlraoSettings settings;
    private final int numClassifiers;
    private final double theta;
    private final double sigma2;
    private final RegressionOutput regressionOutput;

    private AlraoNetworks(Builder b) {
        this.settings = Objects.requireNonNull(b.settings, "settings");
        this.numClassifiers = b.numClassifiers;
        this.theta = b.theta;
        this.sigma2 = b.sigma2;
        this.regressionOutput = b.regressionOutput;
        regressionHead(0, 1, null); // validates N, theta and sigma2 now
    }

    /** @return a builder with {@link AlraoSettings} defaults and 10 classifiers */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the Alrao version of a classifier network; {@code conf} is unchanged */
    public MultiLayerConfiguration convert(MultiLayerConfiguration conf) {
        MultiLayerConfiguration copy = conf.clone();
        List<NeuralNetConfiguration> confs = copy.getConfs();
        NeuralNetConfiguration last = confs.get(confs.size() - 1);
        String name = last.getLayer().getLayerName() != null ? last.getLayer().getLayerName()
                : "layer" + (confs.size() - 1);
        last.setLayer(replacementHead(name, last.getLayer()));
        return AlraoInstaller.of(settings).excluding(name).apply(copy);
    }

    /** @return the Alrao version of a classifier graph with one output; {@code conf} is unchanged */
    public ComputationGraphConfiguration convert(ComputationGraphConfiguration conf) {
        ComputationGraphConfiguration copy = conf.clone();
        if (copy.getNetworkOutputs().size() != 1) {
            throw new IllegalArgumentException("Alrao replaces the classifier of a single-output graph, got outputs "
                    + copy.getNetworkOutputs() + "; build the body and use withHead(body, featureVertex, numClasses)");
        }
        String name = copy.getNetworkOutputs().get(0);
        GraphVertex vertex = copy.getVertices().get(name);
        if (!(vertex instanceof LayerVertex)) {
            throw new IllegalArgumentException("output '" + name + "' is a " + vertex.getClass().getSimpleName()
                    + ", not a layer; Alrao replaces a softmax OutputLayer/RnnOutputLayer");
        }
        NeuralNetConfiguration layerConf = ((LayerVertex) vertex).getLayerConf();
        layerConf.setLayer(replacementHead(name, layerConf.getLayer()));
        return AlraoInstaller.of(settings).excluding(name).apply(copy);
    }

    /**
     * Adds an Alrao head on a body graph's feature vertex (flat {@code [batch, nIn]} or recurrent
     * {@code [batch, nIn, time]} activations; convolutional activations are flattened), makes it the only
     * output, and installs per-unit updaters on the body.
     *
     * @param body          the body
     * @param featureVertex the vertex whose activations the classifiers read
     * @param numClasses    C
     * @param inputTypes    the body's input types, to size the head
     * @return the Alrao graph; the head is named {@value #HEAD_NAME}
     */
    public ComputationGraphConfiguration withHead(ComputationGraphConfiguration body, String featureVertex,
                                                  int numClasses, InputType... inputTypes) {
        if (!body.getVertices().containsKey(featureVertex) && !body.getNetworkInputs().contains(featureVertex)) {
            throw new IllegalArgumentException("featureVertex '" + featureVertex + "' is not a vertex of the body;"
                    + " its vertices are " + body.getVertices().keySet());
        }
        if (inputTypes.length != body.getNetworkInputs().size()) {
            throw new IllegalArgumentException("the body has inputs " + body.getNetworkInputs() + " but "
                    + inputTypes.length + " input types were given");
        }
        ComputationGraphConfiguration copy = body.clone();
        NeuralNetConfiguration headConf = new NeuralNetConfiguration.Builder().layer(head(0, numClasses, HEAD_NAME))
                .build();
        copy.getVertices().put(HEAD_NAME, new LayerVertex(headConf, null));
        copy.getVertexInputs().put(HEAD_NAME, List.of(featureVertex));
        copy.setNetworkOutputs(List.of(HEAD_NAME));
        copy.validate(false, false);
        copy.addPreProcessors(true, false, inputTypes);
        return AlraoInstaller.of(settings).excluding(HEAD_NAME).apply(copy);
    }

    private AlraoOutputLayer replacementHead(String name, Layer layer) {
        if (!(layer instanceof OutputLayer) && !(layer instanceof RnnOutputLayer)) {
            throw new IllegalArgumentException("Alrao replaces a softmax OutputLayer or RnnOutputLayer, but the output"
                    + " layer '" + name + "' is a " + layer.getClass().getSimpleName() + ". Use withHead(body,"
                    + " featureVertex, numClasses) to put the head on a custom body.");
        }
        BaseOutputLayer out = (BaseOutputLayer) layer;
        boolean classifier = out.getActivationFn() instanceof ActivationSoftmax && out.getLossFn() instanceof LossMCXENT;
        boolean regressor = out.getActivationFn() instanceof ActivationIdentity
                && (out.getLossFn() instanceof LossMSE || out.getLossFn() instanceof LossL2);
        if (!classifier && !regressor) {
            throw new IllegalArgumentException("output layer '" + name + "' must be a classifier (softmax activation"
                    + " with MCXENT or NEGATIVELOGLIKELIHOOD loss) or a regressor (identity activation with MSE or L2"
                    + " loss), got activation " + out.getActivationFn() + " and loss " + out.getLossFn());
        }
        if (out.getNIn() <= 0) {
            throw new IllegalStateException("output layer '" + name + "' has nIn=" + out.getNIn() + "; build the"
                    + " configuration with setInputType(s)(...) so Alrao can size its classifiers");
        }
        AlraoOutputLayer head = regressor ? regressionHead(out.getNIn(), out.getNOut(), name)
                : head(out.getNIn(), out.getNOut(), name);
        head.setRegularization(out.getRegularization());
        head.setRegularizationBias(out.getRegularizationBias());
        head.setGradientNormalization(out.getGradientNormalization());
        head.setGradientNormalizationThreshold(out.getGradientNormalizationThreshold());
        return head;
    }

    private AlraoOutputLayer head(long nIn, long nOut, String name) {
        return headBuilder(nIn, nOut, name).build();
    }

    private AlraoOutputLayer regressionHead(long nIn, long nOut, String name) {
        return headBuilder(nIn, nOut, name).regression(sigma2, regressionOutput).build();
    }

    private AlraoOutputLayer.Builder headBuilder(long nIn, long nOut, String name) {
        return new AlraoOutputLayer.Builder().name(name).nIn(nIn).nOut(nOut).numClassifiers(numClassifiers)
                .lrMin(settings.range().lrMin()).lrMax(settings.range().lrMax()).optimizer(settings.optimizer())
                .theta(theta).lrMultiplier(settings.lrMultiplier());
    }

    /** Builder; validated in {@link #build()}. */
    public static final class Builder {
        private AlraoSettings settings = AlraoSettings.builder().build();
        private int numClassifiers = AlraoOutputLayer.DEFAULT_NUM_CLASSIFIERS;
        private double theta = org.alrao4j.core.Switch.DEFAULT_THETA;
        private double sigma2 = AlraoOutputLayer.DEFAULT_SIGMA2;
        private RegressionOutput regressionOutput = RegressionOutput.POSTERIOR_MEAN;

        private Builder() {
        }

        /**
         * Settings used when the converted network is a regressor (identity output with MSE/L2 loss).
         *
         * @param sigma2 variance of the Gaussian likelihood (spec 3.9), {@code > 0}
         * @param output posterior-weighted mean or best model
         */
        public Builder regression(double sigma2, RegressionOutput output) {
            this.sigma2 = sigma2;
            this.regressionOutput = output;
            return this;
        }

        /** @param settings range, base optimizer, seed (body and classifiers share the range) */
        public Builder settings(AlraoSettings settings) {
            this.settings = settings;
            return this;
        }

        /** @param n number of classifiers, {@code >= 1} */
        public Builder numClassifiers(int n) {
            this.numClassifiers = n;
            return this;
        }

        /** @param theta the Switch's theta */
        public Builder theta(double theta) {
            this.theta = theta;
            return this;
        }

        /** @return the converter */
        public AlraoNetworks build() {
            return new AlraoNetworks(this);
        }
    }
}
