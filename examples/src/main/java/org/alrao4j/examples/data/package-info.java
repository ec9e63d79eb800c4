/**
 * Dataset readers of the examples: the embedded Fashion-MNIST subset and Fashion-MNIST IDX folders,
 * CIFAR-10 (official binary batches, or an image tree as a folder or zip), the paper's train/validation/test
 * splits, normalisation and crop+flip augmentation, and text corpora for language modelling.
 */
package org.alrao4j.examples.data;
