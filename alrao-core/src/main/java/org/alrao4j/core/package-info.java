/**
 * ND4J-level maths of alrao4j, independent of any network API.
 *
 * <p>Alrao ("Learning with Random Learning Rates", Blier, Wolinski and Ollivier, arXiv:1810.01322):
 * {@link org.alrao4j.core.LogUniformSampler} draws one learning rate per unit,
 * {@link org.alrao4j.core.UnitLayout} says which elements of a flattened gradient belong to which unit,
 * and {@link org.alrao4j.core.AlraoSgd} / {@link org.alrao4j.core.AlraoAdam} are {@code IUpdater}
 * configurations whose appliers multiply each unit's step by that unit's rate. The classifier
 * learning-rate grid is {@link org.alrao4j.core.ClassifierLearningRates}. A backend may run the per-unit rate
 * multiply faster through a {@link org.alrao4j.core.BroadcastMultiplyProvider} (found with {@code ServiceLoader}).
 *
 * <p>Every class here is pure configuration or pure maths on {@code INDArray}s: nothing knows about
 * layers or networks (that is {@code org.alrao4j.dl4j}).
 */
package org.alrao4j.core;
