/**
 * ND4J CPU-backend specifics, used through {@link org.alrao4j.dl4j.CpuFastPath}:
 * {@link org.alrao4j.dl4j.cpu.OneDnnMatmulExecutioner} routes DL4J's matrix products into Fortran-order arrays to
 * oneDNN, and {@link org.alrao4j.dl4j.cpu.CpuBroadcastMultiply} runs the Alrao updaters' per-unit rate multiply as a
 * direct libnd4j call (registered as a {@code BroadcastMultiplyProvider}).
 */
package org.alrao4j.dl4j.cpu;
