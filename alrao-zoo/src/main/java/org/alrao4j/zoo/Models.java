package org.alrao4j.zoo;

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
 * (input {@value #INPUT}, output {@value #OUTPUT}) ready for {@code AlraoNetworks.convert} or for a baseline
 * run with its own updater.
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
     * U(-1/sqrt(nhid), 1/sqrt(nhid)) as PyTorch; DL4J's LSTM has one bias vector where PyTorch has two.
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
        double retain = 1 - dropout;
        double bound = 1 / Math.sqrt(nhid);
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(seed)
                .updater(updater).graphBuilder().addInputs(INPUT)
                .addLayer("embedding", new EmbeddingSequenceLayer.Builder().nIn(vocabulary).nOut(emsize)
                        .weightInit(new WeightInitDistribution(new UniformDistribution(-0.1, 0.1))).build(), INPUT);
        String previous = "embedding";
        for (int l = 0; l < nlayers; l++) {
            LSTM.Builder lstm = new LSTM.Builder().nOut(nhid).activation(Activation.TANH).forgetGateBiasInit(0)
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
                .setInputTypes(InputType.recurrent(1)).build();
    }
}
