/** Runnable training programs; each exposes {@code run(args)} returning a result object. */
package org.alrao4j.examples;
