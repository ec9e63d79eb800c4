/**
 * ND4J CPU-backend specifics: {@link org.alrao4j.dl4j.cpu.CpuBroadcastMultiply} runs the Alrao updaters'
 * per-unit rate multiply as a direct libnd4j call (registered as a {@code BroadcastMultiplyProvider}).
 */
package org.alrao4j.dl4j.cpu;
