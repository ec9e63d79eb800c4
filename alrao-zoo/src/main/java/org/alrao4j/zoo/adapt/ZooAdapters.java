package org.alrao4j.zoo.adapt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.alrao4j.dl4j.CpuFastPath;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.zoo.model.AlexNet;
import org.deeplearning4j.zoo.model.Darknet19;
import org.deeplearning4j.zoo.model.LeNet;
import org.deeplearning4j.zoo.model.ResNet50;
import org.deeplearning4j.zoo.model.SimpleCNN;
import org.deeplearning4j.zoo.model.SqueezeNet;
import org.deeplearning4j.zoo.model.VGG16;
import org.deeplearning4j.zoo.model.VGG19;
import org.deeplearning4j.zoo.model.Xception;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Adapters for DL4J's zoo ({@code org.deeplearning4j.zoo.model}, 1.0.0-M2.1): the zoo classifier, built for the
 * requested input size with the fixes small inputs need, split into body and Alrao head by
 * {@link ClassifierSplitter}.
 *
 * <pre>
 *   ClassifierSplit s = ZooAdapters.split("ResNet50", InputType.convolutional(32, 32, 3), 10, new Sgd(0.1), 42);
 *   ComputationGraph alrao = s.alraoNetwork(AlraoNetworks.builder().numClassifiers(10).build());
 * </pre>
 *
 * <p>Supported ({@link #supported()}) and what the adapter changes:
 * <ul>
 *   <li>VGG16, VGG19: the input is convolutional {@code [b,c,h,w]} instead of the zoo's flattened one; features
 *       are the last 4096-unit dense layer. Any input of at least 32x32 (five 2x2 poolings).</li>
 *   <li>ResNet50: the zoo's "avgpool" is a 3x3 max-pooling that gives a 0x0 map below 64x64 (and a flattened
 *       3x3 map at 224x224); it is replaced by global average pooling (Keras' ResNet50), at every size. Features:
 *       2048. Initialisation: He (the ResNet paper's) instead of the zoo's TruncatedNormal(0, 0.5), and the last
 *       batch norm of every residual branch starts at gamma 0, so each residual block starts as its shortcut.
 *       As the zoo initialises it, the training-mode gradient explodes backwards (batch 8 at 32x32: norm ~170 at
 *       stage 5, ~4e4 at stage 2 and the stem) and plain SGD goes uphill at any learning rate above ~1e-8; with
 *       this initialisation the gradient norm is ~20 and a first-order step goes downhill up to lr ~1e-2.</li>
 *   <li>AlexNet: the first dense layer's nIn, hard-coded 9216 (6x6x256, true only at 224x224), is recomputed.
 *       Inputs below {@value #ALEXNET_MIN_SIZE}x{@value #ALEXNET_MIN_SIZE} are refused (the last max-pooling gets
 *       an empty map); features: 4096.</li>
 *   <li>Darknet19, SqueezeNet, SimpleCNN: the convolutional classifier (1x1 conv to numClasses, global pooling,
 *       softmax, loss layer) becomes global average pooling of the last feature map: 1024 / 512 / 256
 *       features.</li>
 *   <li>Xception, LeNet: the softmax output layer is removed: 2048 / 500 features.</li>
 * </ul>
 * Refused ({@link #refused()}, with the reason in the exception): TinyYOLO, YOLO2 (detection), UNet
 * (segmentation), FaceNetNN4Small2, InceptionResNetV1 (embeddings, center loss), TextGenerationLSTM (GravesLSTM
 * has no Alrao unit layout; use {@code Models.languageModel}), NASNet (cannot be built in M2.1).
 *
 * <p>Small inputs and batch norm: at 32x32, Darknet19's last five blocks and ResNet50's stages 4-5 work on 1x1
 * maps, where batch norm normalises over the minibatch alone. Train them with batches of several examples (the
 * tests use 8 and 4): with 2, every such channel becomes +-1, the training-mode loss is flat almost everywhere
 * with spikes and its gradient is noise.
 *
 * <p>Every graph's input is renamed {@value #INPUT}. Models are built with {@link CpuFastPath#CACHE_MODE}.
 */
public final class ZooAdapters {

    /** Name of the input of every adapted graph. */
    public static final String INPUT = "input";
    /** Smallest square input AlexNet supports (its third max-pooling needs a 3x3 map). */
    public static final int ALEXNET_MIN_SIZE = 43;

    private static final List<String> SUPPORTED = List.of("ResNet50", "VGG16", "VGG19", "SqueezeNet", "Darknet19",
            "Xception", "AlexNet", "SimpleCNN", "LeNet");
    private static final Map<String, String> REFUSED = new LinkedHashMap<>();

    static {
        String detection = "a detection model (Yolo2OutputLayer: boxes and class scores per grid cell), not a"
                + " classifier of one label per image";
        REFUSED.put("TinyYOLO", detection);
        REFUSED.put("YOLO2", detection);
        REFUSED.put("UNet", "a segmentation model (CnnLossLayer: one label per pixel), not a classifier of one label"
                + " per image");
        String embedding = "an embedding model (L2-normalised 128-d embeddings trained with CenterLossOutputLayer);"
                + " to classify its embeddings, build the graph and use AlraoNetworks.withHead(body, \"embeddings\","
                + " numClasses, inputType)";
        REFUSED.put("FaceNetNN4Small2", embedding);
        REFUSED.put("InceptionResNetV1", embedding);
        REFUSED.put("TextGenerationLSTM", "a character generator built from GravesLSTM layers, which have no Alrao"
                + " unit layout (supported recurrent layers: LSTM, SimpleRnn), and its zoo constructor ignores the"
                + " builder's inputShape; use Models.languageModel(...) (the paper's LSTM language model)");
        REFUSED.put("NASNet", "NASNet cannot be built in DL4J 1.0.0-M2.1 at any input size: its graphBuilder()"
                + " computes activation types before the inputs exist (\"Cannot calculate activation types if no"
                + " inputs have been set\", deeplearning4j issue #7319)");
    }

    private ZooAdapters() {
    }

    /** @return the zoo models with an adapter, by DL4J class name */
    public static List<String> supported() {
        return SUPPORTED;
    }

    /** @return the zoo models that are refused, with the reason */
    public static Map<String, String> refused() {
        return java.util.Collections.unmodifiableMap(REFUSED);
    }

    /**
     * @param model      a name from {@link #supported()} (case-insensitive)
     * @param input      {@code InputType.convolutional(height, width, channels)}
     * @param numClasses number of classes
     * @param updater    the zoo model's updater (Alrao replaces it on the body)
     * @param seed       weight-initialisation seed
     * @return the zoo classifier split into body and head
     */
    public static ClassifierSplit split(String model, InputType input, int numClasses, IUpdater updater, long seed) {
        return ClassifierSplitter.split(graph(model, input, numClasses, updater, seed), numClasses, input);
    }

    /**
     * @return the zoo classifier as a graph (input {@value #INPUT}) with this adapter's fixes, before the split;
     *     parameters as {@link #split}
     */
    public static ComputationGraphConfiguration graph(String model, InputType input, int numClasses, IUpdater updater,
                                                      long seed) {
        String name = canonical(model);
        if (!(input instanceof InputType.InputTypeConvolutional)) {
            throw new IllegalArgumentException("input=" + input + " for zoo model " + name + "; rule: zoo image"
                    + " classifiers take InputType.convolutional(height, width, channels); remedy: pass that");
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses=" + numClasses + "; rule: >= 1");
        }
        InputType.InputTypeConvolutional conv = (InputType.InputTypeConvolutional) input;
        int[] shape = {(int) conv.getChannels(), (int) conv.getHeight(), (int) conv.getWidth()};
        try {
            return build(name, shape, numClasses, updater, seed);
        } catch (IllegalArgumentException | IllegalStateException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("zoo model")) {
                throw e;
            }
            throw new IllegalArgumentException("zoo model " + name + " cannot be built for input " + input + ": "
                    + e.getMessage() + "; remedy: use a larger input (the zoo default is its ImageNet size)", e);
        }
    }

    private static ComputationGraphConfiguration build(String name, int[] shape, int k, IUpdater updater, long seed) {
        switch (name) {
            case "VGG16":
                return convolutionalInput(VGG16.builder().numClasses(k).seed(seed).updater(updater).inputShape(shape)
                        .cacheMode(CpuFastPath.CACHE_MODE).build().conf());
            case "VGG19":
                return convolutionalInput(VGG19.builder().numClasses(k).seed(seed).updater(updater).inputShape(shape)
                        .cacheMode(CpuFastPath.CACHE_MODE).build().conf());
            case "ResNet50":
                // He initialisation (the ResNet paper's) instead of the zoo's TruncatedNormal(0, 0.5)
                return zeroInitResidualGamma(ResNet50.builder().numClasses(k).seed(seed).updater(updater)
                        .inputShape(shape).weightInit(WeightInit.RELU.getWeightInitFunction())
                        .cacheMode(CpuFastPath.CACHE_MODE).build().graphBuilder()
                        .removeVertex("output", true).removeVertex("avgpool", true)
                        .addLayer("avgpool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "res5c_branch")
                        .addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD)
                                .nOut(k).activation(Activation.SOFTMAX).build(), "avgpool")
                        .setOutputs("output").build());
            case "SqueezeNet":
                return SqueezeNet.builder().numClasses(k).seed(seed).updater(updater).inputShape(shape)
                        .cacheMode(CpuFastPath.CACHE_MODE).build().graphBuilder().addInputs(INPUT)
                        .setInputTypes(InputType.convolutional(shape[1], shape[2], shape[0])).build();
            case "Xception":
                return Xception.builder().numClasses(k).seed(seed).updater(updater).inputShape(shape)
                        .cacheMode(CpuFastPath.CACHE_MODE).build().graphBuilder().addInputs(INPUT)
                        .setInputTypes(InputType.convolutional(shape[1], shape[2], shape[0])).build();
            case "Darknet19":
                return Darknet19.builder().numClasses(k).seed(seed).updater(updater).inputShape(shape)
                        .cacheMode(CpuFastPath.CACHE_MODE).build().conf();
            case "AlexNet":
                if (shape[1] < ALEXNET_MIN_SIZE || shape[2] < ALEXNET_MIN_SIZE) {
                    throw new IllegalArgumentException("zoo model AlexNet: input " + shape[1] + "x" + shape[2]
                            + " is too small; rule: AlexNet (11x11/4 conv and three 3x3/2 max-poolings) needs height"
                            + " and width >= " + ALEXNET_MIN_SIZE + " (its last max-pooling is empty below; 224 is its"
                            + " native size); remedy: upscale the images (e.g. CIFAR 32x32 -> 64x64) or use a CIFAR"
                            + " architecture (VGG19, GoogLeNet, MobileNetV2, SENet18, ResNet50)");
                }
                ComputationGraphConfiguration alex = renameInput(ClassifierSplitter.toGraph(AlexNet.builder()
                        .numClasses(k).seed(seed).updater(updater).inputShape(shape).cacheMode(CpuFastPath.CACHE_MODE)
                        .build().conf()));
                // recompute nIn of every layer (ffn1's 9216 is only right at 224x224)
                InputType pooled = alex.getLayerActivationTypes(true, true,
                        InputType.convolutional(shape[1], shape[2], shape[0])).get("9");
                if (pooled.arrayElementsPerExample() == 0) {
                    throw new IllegalArgumentException("zoo model AlexNet: input " + shape[1] + "x" + shape[2]
                            + " leaves its last max-pooling empty (" + pooled + "); rule: height and width >= "
                            + ALEXNET_MIN_SIZE + "; remedy: upscale the images");
                }
                return alex;
            case "SimpleCNN":
                return renameInput(ClassifierSplitter.toGraph(SimpleCNN.builder().numClasses(k).seed(seed)
                        .updater(updater).inputShape(shape).cacheMode(CpuFastPath.CACHE_MODE).build().conf()));
            case "LeNet":
                return renameInput(ClassifierSplitter.toGraph(LeNet.builder().numClasses(k).seed(seed)
                        .updater(updater).inputShape(shape).cacheMode(CpuFastPath.CACHE_MODE).build().conf()));
            default:
                throw new AssertionError(name);
        }
    }

    /** Resolves a name case-insensitively, refusing unsupported models with the reason. */
    static String canonical(String model) {
        for (String s : SUPPORTED) {
            if (s.equalsIgnoreCase(model)) {
                return s;
            }
        }
        for (Map.Entry<String, String> e : REFUSED.entrySet()) {
            if (e.getKey().equalsIgnoreCase(model)) {
                throw new IllegalArgumentException("zoo model " + e.getKey() + " is not supported by the Alrao"
                        + " adapters: it is " + e.getValue());
            }
        }
        throw new IllegalArgumentException("model=" + model + " is not a DL4J zoo model; supported: " + SUPPORTED
                + ", refused: " + REFUSED.keySet());
    }

    /**
     * Starts every residual branch of ResNet50 at zero: the scale (gamma) of each branch's last batch norm
     * ({@code bn<stage><block>_branch2c}) is initialised to 0 instead of 1 (learned as usual), so every residual
     * block is its shortcut at initialisation (Goyal et al. 2017, "Accurate, Large Minibatch SGD", section 5.1;
     * torchvision's {@code zero_init_residual}). Without it, the gradient at initialisation grows by about two
     * orders of magnitude from stage 5 back to the stem and plain SGD overshoots at any learning rate above ~1e-8.
     */
    private static ComputationGraphConfiguration zeroInitResidualGamma(ComputationGraphConfiguration conf) {
        int n = 0;
        for (Map.Entry<String, GraphVertex> v : conf.getVertices().entrySet()) {
            if (v.getKey().matches("bn\\d[a-z]_branch2c") && v.getValue() instanceof LayerVertex
                    && ((LayerVertex) v.getValue()).getLayerConf().getLayer() instanceof BatchNormalization) {
                ((BatchNormalization) ((LayerVertex) v.getValue()).getLayerConf().getLayer()).setGamma(0.0);
                n++;
            }
        }
        if (n != 16) {
            throw new IllegalStateException("zoo model ResNet50: expected 16 residual branches, found " + n);
        }
        return conf;
    }

    /** VGG's zoo input is flattened ({@code convolutionalFlat}); make it an image input named "input". */
    private static ComputationGraphConfiguration convolutionalInput(ComputationGraphConfiguration conf) {
        LayerVertex first = (LayerVertex) conf.getVertices().get("0");
        conf.getVertices().put("0", new LayerVertex(first.getLayerConf(), null));
        return renameInput(conf);
    }

    private static ComputationGraphConfiguration renameInput(ComputationGraphConfiguration conf) {
        String old = conf.getNetworkInputs().get(0);
        if (old.equals(INPUT)) {
            return conf;
        }
        if (conf.getVertices().containsKey(INPUT)) {
            throw new IllegalStateException("zoo model has a vertex named '" + INPUT + "'; cannot rename its input");
        }
        conf.setNetworkInputs(new ArrayList<>(List.of(INPUT)));
        conf.getVertexInputs().replaceAll((v, inputs) -> {
            List<String> copy = new ArrayList<>(inputs);
            copy.replaceAll(i -> i.equals(old) ? INPUT : i);
            return copy;
        });
        conf.setTopologicalOrder(null);
        conf.setTopologicalOrderStr(null);
        return conf;
    }
}
