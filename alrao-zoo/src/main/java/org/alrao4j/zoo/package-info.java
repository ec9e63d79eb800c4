/**
 * The Alrao paper's architectures and the model lookup the examples use.
 *
 * <p>{@link org.alrao4j.zoo.Models} is the facade: the paper's CIFAR-10 networks (VGG19 with batch norm,
 * GoogLeNet, MobileNetV2, SENet18, each with the reference's width multiplier where it has one), the LeNet-style
 * CNN, the PTB language model, and {@link org.alrao4j.zoo.Models#classifier} / {@link org.alrao4j.zoo.Models#names()}
 * over them and DL4J's zoo classifiers (package {@code org.alrao4j.zoo.adapt}). Every classifier is a plain
 * softmax graph, input {@code "input"}, output {@code "output"}, for {@code AlraoNetworks.convert} or a
 * baseline. {@link org.alrao4j.zoo.ParameterCounts} counts parameters without allocating; the counts match the
 * paper (spec 2.4). {@link org.alrao4j.zoo.ChannelScaleVertex} (squeeze-and-excitation scaling) and
 * {@link org.alrao4j.zoo.TorchDefaultInit} (PyTorch's default init) serialise with the configurations.
 */
package org.alrao4j.zoo;
