/**
 * Not alrao4j's namespace: a single shim, {@link org.nd4j.nativeblas.Nd4jCpu}, that repairs DL4J
 * 1.0.0-M2.1's lookup of oneDNN support so its fast layer helpers are used (see
 * {@link org.alrao4j.dl4j.CpuFastPath}).
 */
package org.nd4j.nativeblas;
