/**
 * Small, dependency-free data plumbing: an IDX reader (MNIST, Fashion-MNIST) and a seeded, shuffling
 * in-memory {@code DataSetIterator}, so examples and tests read real data without DL4J's downloaders.
 */
package org.alrao4j.dl4j.data;
