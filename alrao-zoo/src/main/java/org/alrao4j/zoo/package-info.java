/** Adapters that split DL4J zoo classifiers into body and Alrao head, and the Alrao paper's architectures. */
package org.alrao4j.zoo;
