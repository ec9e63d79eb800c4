/**
 * The learning-rate robustness benchmark behind the {@code robustness} command: the arms (an SGD learning-rate
 * grid, Adam, Alrao-SGD, Alrao-Adam, SGD-HD, SGDR), one record per (arm, seed) run, the mean &plusmn; std
 * summary per arm, and its markdown, CSV and PNG outputs.
 */
package org.alrao4j.examples.robustness;
