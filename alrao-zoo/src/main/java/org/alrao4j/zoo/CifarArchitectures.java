package org.alrao4j.zoo;

import org.alrao4j.dl4j.CpuFastPath;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The Alrao reference's CIFAR-10 networks ({@code models/*.py}, from kuangliu/pytorch-cifar) as DL4J graphs:
 * pre-classifier exactly as the reference (same layers, kernel sizes, paddings, strides, biases, batch norms and
 * widths, so the same parameter count), a global average pooling named {@value #FEATURES} (the reference's final
 * {@code avg_pool}/{@code AvgPool2d} + flatten, identical at 32x32 and defined at any input size), and one
 * softmax classifier {@value Models#OUTPUT} ({@code nn.Linear(features, numClasses)}).
 *
 * <p>All padding is explicit ({@link ConvolutionMode#Truncate}) so strided convolutions and poolings align
 * exactly like PyTorch's. Convolution and classifier weights use {@link TorchDefaultInit}.
 */
final class CifarArchitectures {

    /** Name of the pooled feature vertex the classifier reads in every architecture. */
    static final String FEATURES = "features";

    private CifarArchitectures() {
    }

    /** VGG19 with batch norm (reference {@code VGG('VGG19')}); the reference ignores the width multiplier. */
    static ComputationGraphConfiguration vgg19(InputType input, int numClasses, IUpdater updater, long seed) {
        int[] cfg = {64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0};
        Net n = new Net(updater, seed);
        String x = Models.INPUT;
        int conv = 0;
        int pool = 0;
        for (int c : cfg) {
            if (c == 0) {
                x = n.maxPool("pool" + (++pool), x, 2, 2, 0);
            } else {
                x = n.convBnRelu("conv" + (++conv), x, c, 3, 1, 1, true);
            }
        }
        return n.finish(x, numClasses, input);
    }

    /** GoogLeNet (reference {@code GoogLeNet(gamma)}). */
    static ComputationGraphConfiguration googLeNet(InputType input, int numClasses, int gamma, IUpdater updater,
                                                   long seed) {
        Net n = new Net(updater, seed);
        String x = n.convBnRelu("pre", Models.INPUT, 192 * gamma, 3, 1, 1, true);
        x = n.inception("a3", x, gamma, 64, 96, 128, 16, 32, 32);
        x = n.inception("b3", x, gamma, 128, 128, 192, 32, 96, 64);
        x = n.maxPool("maxpool3", x, 3, 2, 1);
        x = n.inception("a4", x, gamma, 192, 96, 208, 16, 48, 64);
        x = n.inception("b4", x, gamma, 160, 112, 224, 24, 64, 64);
        x = n.inception("c4", x, gamma, 128, 128, 256, 24, 64, 64);
        x = n.inception("d4", x, gamma, 112, 144, 288, 32, 64, 64);
        x = n.inception("e4", x, gamma, 256, 160, 320, 32, 128, 128);
        x = n.maxPool("maxpool4", x, 3, 2, 1);
        x = n.inception("a5", x, gamma, 256, 160, 320, 32, 128, 128);
        x = n.inception("b5", x, gamma, 384, 192, 384, 48, 128, 128);
        return n.finish(x, numClasses, input);
    }

    /** MobileNetV2, CIFAR variant (reference {@code MobileNetV2(gamma)}: conv1 and stage 2 with stride 1). */
    static ComputationGraphConfiguration mobileNetV2(InputType input, int numClasses, int gamma, IUpdater updater,
                                                     long seed) {
        int[][] cfg = {{1, 16, 1, 1}, {6, 24, 2, 1}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2},
            {6, 320, 1, 1}};
        Net n = new Net(updater, seed);
        String x = n.convBnRelu("conv1", Models.INPUT, 32 * gamma, 3, 1, 1, false);
        int in = 32 * gamma;
        int block = 0;
        for (int[] stage : cfg) {
            for (int i = 0; i < stage[2]; i++) {
                int out = stage[1] * gamma;
                x = n.invertedResidual("block" + (++block), x, in, out, stage[0], i == 0 ? stage[3] : 1);
                in = out;
            }
        }
        x = n.convBnRelu("conv2", x, 1280 * gamma, 1, 1, 0, false);
        return n.finish(x, numClasses, input);
    }

    /** SENet18 (reference {@code SENet18(gamma)}: pre-activation blocks [2,2,2,2] with squeeze-and-excitation). */
    static ComputationGraphConfiguration senet18(InputType input, int numClasses, int gamma, IUpdater updater,
                                                 long seed) {
        Net n = new Net(updater, seed);
        String x = n.convBnRelu("conv1", Models.INPUT, 64 * gamma, 3, 1, 1, false);
        int in = 64 * gamma;
        int[] planes = {64, 128, 256, 512};
        int[] strides = {1, 2, 2, 2};
        for (int stage = 0; stage < 4; stage++) {
            for (int i = 0; i < 2; i++) {
                int p = planes[stage] * gamma;
                x = n.preActSeBlock("layer" + (stage + 1) + "_" + i, x, in, p, i == 0 ? strides[stage] : 1);
                in = p;
            }
        }
        return n.finish(x, numClasses, input);
    }

    /** Graph-building helper: names every vertex {@code block_part}. */
    private static final class Net {
        private final ComputationGraphConfiguration.GraphBuilder g;

        Net(IUpdater updater, long seed) {
            g = new NeuralNetConfiguration.Builder().seed(seed).updater(updater).cacheMode(CpuFastPath.CACHE_MODE)
                    .weightInit(new TorchDefaultInit()).convolutionMode(ConvolutionMode.Truncate).graphBuilder()
                    .addInputs(Models.INPUT);
        }

        String conv(String name, String in, int nOut, int k, int stride, int pad, boolean bias, Activation act) {
            g.addLayer(name, new ConvolutionLayer.Builder(k, k).stride(stride, stride).padding(pad, pad).nOut(nOut)
                    .hasBias(bias).activation(act).build(), in);
            return name;
        }

        String bn(String name, String in) {
            g.addLayer(name, new BatchNormalization.Builder().eps(1e-5).decay(0.9).build(), in);
            return name;
        }

        String relu(String name, String in) {
            g.addLayer(name, new ActivationLayer.Builder().activation(Activation.RELU).build(), in);
            return name;
        }

        String convBnRelu(String name, String in, int nOut, int k, int stride, int pad, boolean bias) {
            conv(name, in, nOut, k, stride, pad, bias, Activation.IDENTITY);
            bn(name + "_bn", name);
            return relu(name + "_relu", name + "_bn");
        }

        String maxPool(String name, String in, int k, int stride, int pad) {
            g.addLayer(name, new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(k, k)
                    .stride(stride, stride).padding(pad, pad).build(), in);
            return name;
        }

        String inception(String name, String in, int gamma, int n1x1, int n3x3red, int n3x3, int n5x5red, int n5x5,
                         int poolPlanes) {
            String b1 = convBnRelu(name + "_b1", in, n1x1 * gamma, 1, 1, 0, true);
            String b2 = convBnRelu(name + "_b2a", in, n3x3red * gamma, 1, 1, 0, true);
            b2 = convBnRelu(name + "_b2b", b2, n3x3 * gamma, 3, 1, 1, true);
            String b3 = convBnRelu(name + "_b3a", in, n5x5red * gamma, 1, 1, 0, true);
            b3 = convBnRelu(name + "_b3b", b3, n5x5 * gamma, 3, 1, 1, true);
            b3 = convBnRelu(name + "_b3c", b3, n5x5 * gamma, 3, 1, 1, true);
            String b4 = maxPool(name + "_b4pool", in, 3, 1, 1);
            b4 = convBnRelu(name + "_b4", b4, poolPlanes * gamma, 1, 1, 0, true);
            g.addVertex(name, new MergeVertex(), b1, b2, b3, b4);
            return name;
        }

        String invertedResidual(String name, String in, int inPlanes, int outPlanes, int expansion, int stride) {
            int planes = expansion * inPlanes;
            String x = convBnRelu(name + "_expand", in, planes, 1, 1, 0, false);
            g.addLayer(name + "_dw", new DepthwiseConvolution2D.Builder(3, 3).stride(stride, stride).padding(1, 1)
                    .depthMultiplier(1).nOut(planes).hasBias(false).activation(Activation.IDENTITY).build(), x);
            x = relu(name + "_dw_relu", bn(name + "_dw_bn", name + "_dw"));
            conv(name + "_project", x, outPlanes, 1, 1, 0, false, Activation.IDENTITY);
            x = bn(name + "_project_bn", name + "_project");
            if (stride != 1) {
                return x;
            }
            String shortcut = in;
            if (inPlanes != outPlanes) {
                conv(name + "_shortcut", in, outPlanes, 1, 1, 0, false, Activation.IDENTITY);
                shortcut = bn(name + "_shortcut_bn", name + "_shortcut");
            }
            g.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), x, shortcut);
            return name;
        }

        String preActSeBlock(String name, String in, int inPlanes, int planes, int stride) {
            String pre = relu(name + "_relu1", bn(name + "_bn1", in));
            String shortcut = in;
            if (stride != 1 || inPlanes != planes) {
                shortcut = conv(name + "_shortcut", pre, planes, 1, stride, 0, false, Activation.IDENTITY);
            }
            String x = conv(name + "_conv1", pre, planes, 3, stride, 1, false, Activation.IDENTITY);
            x = relu(name + "_relu2", bn(name + "_bn2", x));
            x = conv(name + "_conv2", x, planes, 3, 1, 1, false, Activation.IDENTITY);
            g.addLayer(name + "_squeeze", new GlobalPoolingLayer.Builder(PoolingType.AVG).collapseDimensions(false)
                    .build(), x);
            String w = conv(name + "_fc1", name + "_squeeze", planes / 16, 1, 1, 0, true, Activation.RELU);
            w = conv(name + "_fc2", w, planes, 1, 1, 0, true, Activation.SIGMOID);
            g.addVertex(name + "_excite", new ChannelScaleVertex(), x, w);
            g.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), name + "_excite", shortcut);
            return name;
        }

        ComputationGraphConfiguration finish(String last, int numClasses, InputType input) {
            g.addLayer(FEATURES, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), last);
            g.addLayer(Models.OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD)
                    .activation(Activation.SOFTMAX).nOut(numClasses).build(), FEATURES);
            return g.setOutputs(Models.OUTPUT).setInputTypes(input).build();
        }
    }
}
