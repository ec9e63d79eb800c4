package org.nd4j.nativeblas;

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

        private Environment() {
        }

        /** @return the singleton, as DL4J expects */
        public static Environment getInstance() {
            return INSTANCE;
        }

        /**
         * @return whether the loaded libnd4j was built with oneDNN ({@code HAVE_ONEDNN} in its build info).
         *     The real {@code isUseONEDNN()} cannot decide this: it answers true in plain builds too.
         */
        public boolean isUseMKLDNN() {
            try {
                return NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("HAVE_ONEDNN");
            } catch (RuntimeException | LinkageError e) {
                return false;
            }
        }
    }
}
