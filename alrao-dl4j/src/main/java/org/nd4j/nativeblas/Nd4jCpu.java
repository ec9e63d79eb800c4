package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * Compatibility shim for DL4J 1.0.0-M2.1's oneDNN helper lookup.
 *
 * <p>{@code org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper.mklDnnEnabled()} looks up, by reflection,
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()}. In M2.1 that class lives at
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and the method is called
 * {@code isUseONEDNN()}, so the lookup fails, latches a failure flag, and every convolution, pooling and
 * batch-norm layer silently runs without its oneDNN helper (3-5x slower training). This class provides the
 * name DL4J asks for and delegates to the real one. On a non-CPU backend it answers {@code false}.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    /** The nested class DL4J looks up. */
    public static final class Environment {

        private static final Environment INSTANCE = new Environment();
        private static final String BINDINGS = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu";

        private Environment() {
        }

        /** @return the singleton, as DL4J expects */
        public static Environment getInstance() {
            return INSTANCE;
        }

        /**
         * @return whether the CPU backend runs oneDNN: the native library was built with it
         *     ({@code HAVE_ONEDNN} in its build info; the plain build answers {@code isUseONEDNN()} with true
         *     too, but has no oneDNN kernels) and it is switched on
         */
        public boolean isUseMKLDNN() {
            try {
                Class<?> bindings = Class.forName(BINDINGS);
                String buildInfo = String.valueOf(bindings.getMethod("buildInfo").invoke(null));
                Class<?> real = Class.forName(BINDINGS + "$Environment");
                Object env = real.getMethod("getInstance").invoke(null);
                Method useOneDnn = real.getMethod("isUseONEDNN");
                return buildInfo.contains("HAVE_ONEDNN") && (boolean) useOneDnn.invoke(env);
            } catch (ReflectiveOperationException | LinkageError e) {
                return false;
            }
        }
    }
}
