/**
 * The Alrao head: N parallel linear classifiers on the body's features, averaged by the Switch posterior
 * (Alrao spec sections 2 and 3), as a DL4J SameDiff output layer.
 *
 * <p>{@link org.alrao4j.dl4j.head.AlraoOutputLayer} is the configuration (JSON-serializable);
 * {@link org.alrao4j.dl4j.head.AlraoOutputLayerRuntime} the layer DL4J runs; {@link
 * org.alrao4j.dl4j.head.HeadGraph} the SameDiff loss; {@link org.alrao4j.dl4j.head.HeadMath} the same maths
 * in plain ND4J for the Switch update and diagnostics.
 *
 * <p>Parameters: {@code W [nIn, N*C]} and {@code b [1, N*C]} hold all N classifiers side by side
 * (classifier j owns columns {@code j*C .. j*C+C-1}), {@code logPost [1, N]} the log-posterior used by the
 * forward pass, and {@code switch [1, 2N+1]} the Switch log-weights (row A, row B) and its step counter.
 * The classifiers' learning rates are applied by an {@link org.alrao4j.core.AlraoUpdater} whose units are
 * the classifiers; the posterior parameters get {@code NoOp} and an exactly zero gradient.
 */
package org.alrao4j.dl4j.head;
