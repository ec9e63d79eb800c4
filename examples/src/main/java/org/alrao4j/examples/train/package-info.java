/**
 * The examples' training loop: one epoch at a time with a progress bar, evaluation on the validation and
 * test splits, reference early stopping, the Switch posterior over training, and the results folder
 * ({@code results.json}, {@code epochs.csv}, PNG plots).
 */
package org.alrao4j.examples.train;
