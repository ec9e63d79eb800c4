/**
 * Splits classifiers into a body (the paper's "pre-classifier", ending in a flat feature vector) and an Alrao
 * head: {@link org.alrao4j.zoo.adapt.ClassifierSplitter} for any {@code ComputationGraph} or
 * {@code MultiLayerNetwork} classifier (configuration or trained network), {@link org.alrao4j.zoo.adapt.ZooAdapters}
 * for DL4J's zoo models, with the fixes they need at CIFAR-size inputs and clear refusals for the zoo models that
 * are not classifiers. Both return a {@link org.alrao4j.zoo.adapt.ClassifierSplit}: body and head separately, and
 * the ready Alrao network in one call.
 */
package org.alrao4j.zoo.adapt;
