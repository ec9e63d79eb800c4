package org.alrao4j.zoo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.alrao4j.dl4j.layers.NativeLstm;
import org.alrao4j.zoo.adapt.ZooAdapters;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Classifier configurations that the examples and benchmarks train, each a plain softmax classifier graph
 * (input {@value #INPUT}, output {@value #OUTPUT}: an {@code OutputLayer} with softmax and negative
 * log-likelihood) ready for {@code AlraoNetworks.convert} or for a baseline run with its own updater.
 *
 * <p>The Alrao paper's CIFAR-10 architectures (reference {@code models/}, spec 5.2) are {@link #vgg19},
 * {@link #googLeNet}, {@link #mobileNetV2} and {@link #senet18}; {@link #classifier} looks any model up by name,
 * including DL4J's zoo classifiers through {@link ZooAdapters} (their own classifier replaced by the softmax
 * output layer on the adapter's features). Parameter counts: {@link ParameterCounts}.
 */
public final class Models {

    /** Name of every model's input. */
    public static final String INPUT = "input";
    /** Name of every model's softmax output layer. */
    public static final String OUTPUT = "output";

    private Models() {
    }

    /**
     * LeNet-style CNN (the Alrao issue's Fashion-MNIST body): conv5x5x20 - maxpool - conv5x5x50 - maxpool -
     * dense500 (ReLU) - softmax.
     *
     * @param input      image input type, e.g. {@code InputType.convolutional(28, 28, 1)}
     * @param numClasses number of classes
     * @param updater    updater of the plain network (Alrao replaces it)
     * @param seed       weight-initialisation seed
     */
    public static ComputationGraphConfiguration lenet(InputType input, int numClasses, IUpdater updater, long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).updater(updater).cacheMode(
                org.alrao4j.dl4j.CpuFastPath.CACHE_MODE).graphBuilder().addInputs(INPUT)
                .addLayer("conv1", new ConvolutionLayer.Builder(5, 5).nOut(20).activation(Activation.RELU).build(), INPUT)
                .addLayer("pool1", new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build(), "conv1")
                .addLayer("conv2", new ConvolutionLayer.Builder(5, 5).nOut(50).activation(Activation.RELU).build(),
                        "pool1")
                .addLayer("pool2", new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build(), "conv2")
                .addLayer("dense", new DenseLayer.Builder().nOut(500).activation(Activation.RELU).build(), "pool2")
                .addLayer(OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD)
                        .activation(Activation.SOFTMAX).nOut(numClasses).build(), "dense")
                .setOutputs(OUTPUT).setInputTypes(input).build();
    }

    /**
     * The Alrao paper's PTB language model (reference {@code models/rnn.py}): embedding, {@code nlayers}
     * LSTMs, dropout on the embedding output, between LSTMs and before the decoder, softmax decoder over the
     * vocabulary, one prediction per time step. Embedding init U(-0.1, 0.1) and LSTM init
     * U(-1/sqrt(nhid), 1/sqrt(nhid)) as PyTorch; DL4J's LSTM has one bias vector where PyTorch has two, so the
     * count is {@code 2 * 4 * nhid * nlayers} below PyTorch's (char-level PTB, 50 symbols: 170,850 vs 171,650).
     * Input: token indices {@code [batch, 1, time]} (or {@code [batch, time]}); its input type is
     * {@code InputType.recurrent(vocabulary)}. The LSTM layers are {@link NativeLstm} (DL4J's LSTM with a faster
     * time loop, same results; the overload with {@code nativeLstm = false} uses DL4J's LSTM).
     *
     * @param vocabulary number of tokens (characters or words)
     * @param emsize     embedding size (paper: 100)
     * @param nhid       LSTM units per layer (paper: 100)
     * @param nlayers    number of LSTM layers (paper: 2)
     * @param dropout    drop probability (paper: 0.2)
     * @param updater    updater of the plain network
     * @param seed       weight-initialisation seed
     */
    public static ComputationGraphConfiguration languageModel(int vocabulary, int emsize, int nhid, int nlayers,
                                                              double dropout, IUpdater updater, long seed) {
        return languageModel(vocabulary, emsize, nhid, nlayers, dropout, updater, seed, true);
    }

    /**
     * {@link #languageModel(int, int, int, int, double, IUpdater, long)} with a choice of LSTM implementation:
     * {@code nativeLstm} uses {@link NativeLstm} (same parameters, initialisation and results as DL4J's LSTM,
     * faster time loop; see docs/performance.md), otherwise DL4J's {@code LSTM}.
     *
     * @param vocabulary number of tokens (characters or words)
     * @param emsize     embedding size (paper: 100)
     * @param nhid       LSTM units per layer (paper: 100)
     * @param nlayers    number of LSTM layers (paper: 2)
     * @param dropout    drop probability (paper: 0.2)
     * @param updater    updater of the plain network
     * @param seed       weight-initialisation seed
     * @param nativeLstm true for {@link NativeLstm} layers, false for DL4J's {@code LSTM}
     */
    public static ComputationGraphConfiguration languageModel(int vocabulary, int emsize, int nhid, int nlayers,
                                                              double dropout, IUpdater updater, long seed,
                                                              boolean nativeLstm) {
        double retain = 1 - dropout;
        double bound = 1 / Math.sqrt(nhid);
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(seed)
                .updater(updater).graphBuilder().addInputs(INPUT)
                .addLayer("embedding", new EmbeddingSequenceLayer.Builder().nIn(vocabulary).nOut(emsize)
                        .weightInit(new WeightInitDistribution(new UniformDistribution(-0.1, 0.1))).build(), INPUT);
        String previous = "embedding";
        for (int l = 0; l < nlayers; l++) {
            LSTM.Builder lstm = (nativeLstm ? new NativeLstm.Builder() : new LSTM.Builder()).nOut(nhid).activation(Activation.TANH).forgetGateBiasInit(0)
                    .weightInit(new WeightInitDistribution(new UniformDistribution(-bound, bound)));
            if (dropout > 0) {
                lstm.dropOut(retain);
            }
            g.addLayer("lstm" + (l + 1), lstm.build(), previous);
            previous = "lstm" + (l + 1);
        }
        RnnOutputLayer.Builder decoder = new RnnOutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD)
                .activation(Activation.SOFTMAX).nOut(vocabulary);
        if (dropout > 0) {
            decoder.dropOut(retain);
        }
        return g.addLayer(OUTPUT, decoder.build(), previous).setOutputs(OUTPUT)
                // the input type's size must be the vocabulary: GraphBuilder.build() overrides every explicit nIn from
                // the input types, so InputType.recurrent(1) would shrink the embedding table to one row
                .setInputTypes(InputType.recurrent(vocabulary)).build();
    }

    /** Prefix that selects DL4J's zoo version of a name that is also a paper model ("zoo:VGG19", "zoo:LeNet"). */
    public static final String ZOO_PREFIX = "zoo:";

    private static final List<String> PAPER = List.of("VGG19", "GoogLeNet", "MobileNetV2", "SENet18", "LeNet");

    /**
     * VGG19 with batch norm (reference {@code VGG('VGG19')}): 16 conv3x3(pad 1, bias)+BN+ReLU in five stages of
     * 64, 128, 256, 512, 512 channels, each stage ending in max-pooling 2x2; 512 pooled features. 20.04M trainable
     * parameters with a 10-class classifier. Needs inputs of at least 32x32.
     *
     * @param input      {@code InputType.convolutional(32, 32, 3)} for CIFAR-10
     * @param numClasses number of classes
     * @param updater    updater of the plain network (Alrao replaces it)
     * @param seed       weight-initialisation seed
     */
    public static ComputationGraphConfiguration vgg19(InputType input, int numClasses, IUpdater updater, long seed) {
        return CifarArchitectures.vgg19(input, numClasses, updater, seed);
    }

    /**
     * GoogLeNet, CIFAR variant (reference {@code GoogLeNet(gamma)}): conv3x3 to 192 channels, Inception blocks
     * a3, b3, max-pool, a4..e4, max-pool, a5, b5 (every conv followed by BN + ReLU); 1024 x sizeMultiplier pooled
     * features. 6.17M trainable parameters at sizeMultiplier 1 with 10 classes. Inputs of at least 4x4.
     *
     * @param sizeMultiplier width multiplier (the reference's {@code gamma}), {@code >= 1}
     */
    public static ComputationGraphConfiguration googLeNet(InputType input, int numClasses, int sizeMultiplier,
                                                          IUpdater updater, long seed) {
        return CifarArchitectures.googLeNet(input, numClasses, checkMultiplier(sizeMultiplier), updater, seed);
    }

    /**
     * MobileNetV2, CIFAR variant (reference {@code MobileNetV2(gamma)}): conv1 stride 1, inverted residual blocks
     * (expansion, out, n, stride) = (1,16,1,1), (6,24,2,1), (6,32,3,2), (6,64,4,2), (6,96,3,1), (6,160,3,2),
     * (6,320,1,1) with depthwise 3x3 convolutions, conv1x1 to 1280; 1280 x sizeMultiplier pooled features. 2.30M
     * trainable parameters at sizeMultiplier 1 with 10 classes.
     *
     * @param sizeMultiplier width multiplier (the reference's {@code gamma}), {@code >= 1}
     */
    public static ComputationGraphConfiguration mobileNetV2(InputType input, int numClasses, int sizeMultiplier,
                                                            IUpdater updater, long seed) {
        return CifarArchitectures.mobileNetV2(input, numClasses, checkMultiplier(sizeMultiplier), updater, seed);
    }

    /**
     * SENet18 (reference {@code SENet18(gamma)}): pre-activation blocks [2,2,2,2] of 64, 128, 256, 512 channels,
     * each with squeeze-and-excitation (global pooling, 1x1 convs C to C/16 to C, ReLU, sigmoid, channel scaling by
     * {@link ChannelScaleVertex}); 512 x sizeMultiplier pooled features. Not in the paper's tables.
     *
     * @param sizeMultiplier width multiplier (the reference's {@code gamma}), {@code >= 1}
     */
    public static ComputationGraphConfiguration senet18(InputType input, int numClasses, int sizeMultiplier,
                                                        IUpdater updater, long seed) {
        return CifarArchitectures.senet18(input, numClasses, checkMultiplier(sizeMultiplier), updater, seed);
    }

    /**
     * Looks a classifier up by name (case-insensitive): the paper's {@code VGG19}, {@code GoogLeNet},
     * {@code MobileNetV2}, {@code SENet18}, the {@code LeNet} of {@link #lenet}, and every zoo model with an adapter
     * ({@link ZooAdapters#supported()}: ResNet50, VGG16, SqueezeNet, Darknet19, Xception, AlexNet, SimpleCNN; the
     * zoo's own VGG19 and LeNet as {@code zoo:VGG19}, {@code zoo:LeNet}). Every result has input {@value #INPUT}
     * and ends in the softmax {@code OutputLayer} {@value #OUTPUT}, so {@code AlraoNetworks.convert} takes it.
     *
     * @param name           a name from {@link #names()}
     * @param input          the input type, e.g. {@code InputType.convolutional(32, 32, 3)}
     * @param numClasses     number of classes
     * @param sizeMultiplier width multiplier of GoogLeNet, MobileNetV2 and SENet18, {@code >= 1}; the other models
     *                       have none and ignore it, as the reference ignores it for VGG19
     * @param updater        updater of the plain network
     * @param seed           weight-initialisation seed
     * @return the classifier configuration
     * @throws IllegalArgumentException for an unknown or refused name, or an input the model cannot take
     */
    public static ComputationGraphConfiguration classifier(String name, InputType input, int numClasses,
                                                           int sizeMultiplier, IUpdater updater, long seed) {
        if (name == null) {
            throw new IllegalArgumentException("name=null; rule: one of " + names());
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses=" + numClasses + "; rule: >= 1");
        }
        checkMultiplier(sizeMultiplier);
        String key = name.toLowerCase(Locale.ROOT);
        switch (key) {
            case "vgg19":
                return vgg19(input, numClasses, updater, seed);
            case "googlenet":
                return googLeNet(input, numClasses, sizeMultiplier, updater, seed);
            case "mobilenetv2":
            case "mobilenet":
                return mobileNetV2(input, numClasses, sizeMultiplier, updater, seed);
            case "senet18":
                return senet18(input, numClasses, sizeMultiplier, updater, seed);
            case "lenet":
                return lenet(input, numClasses, updater, seed);
            default:
                String zoo = key.startsWith(ZOO_PREFIX) ? name.substring(ZOO_PREFIX.length()) : name;
                return ZooAdapters.split(zoo, input, numClasses, updater, seed).classifier(updater);
        }
    }

    /** @return every name {@link #classifier} accepts: the paper's models, then the zoo adapters */
    public static List<String> names() {
        List<String> names = new ArrayList<>(PAPER);
        for (String zoo : ZooAdapters.supported()) {
            names.add(PAPER.stream().anyMatch(p -> p.equalsIgnoreCase(zoo)) ? ZOO_PREFIX + zoo : zoo);
        }
        return Collections.unmodifiableList(names);
    }

    private static int checkMultiplier(int sizeMultiplier) {
        if (sizeMultiplier < 1) {
            throw new IllegalArgumentException("sizeMultiplier=" + sizeMultiplier + "; rule: an integer >= 1 (the"
                    + " reference's gamma multiplies every width); remedy: use 1 for the paper's models");
        }
        return sizeMultiplier;
    }
}
