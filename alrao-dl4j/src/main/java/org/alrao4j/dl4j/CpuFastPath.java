package org.alrao4j.dl4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.deeplearning4j.nn.conf.CacheMode;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DL4J 1.0.0-M2.1's fast CPU configuration, switched on in one call (docs/performance.md).
 *
 * <p>By default M2.1 trains convolutional networks 3-13x slower than it can on a small CPU: its oneDNN
 * layer helpers are disabled (and their lookup is broken, which the {@code org.nd4j.nativeblas.Nd4jCpu}
 * shim in this module repairs), and libnd4j's OpenMP pool and OpenBLAS's own pool oversubscribe the cores.
 * {@link #enable()} must run before anything touches ND4J (first thing in {@code main}):
 * <ol>
 *   <li>selects the oneDNN build of libnd4j ({@code -onednn-avx2}, or {@code -onednn} on CPUs without AVX2)
 *       when it is on the classpath and the user chose no other;</li>
 *   <li>allows DL4J's layer helpers ({@code org.eclipse.deeplearning4j.helpers.disable=false});</li>
 *   <li>installs {@link org.alrao4j.dl4j.cpu.OneDnnMatmulExecutioner} as ND4J's op executioner, so DL4J's matrix
 *       products into F-order arrays run in oneDNN instead of single-threaded OpenBLAS (opt out:
 *       {@code -Dalrao4j.oneDnnMatmul=false});</li>
 *   <li>initialises ND4J and limits OpenBLAS to one thread (system property {@code alrao4j.blasThreads} to
 *       choose another count), leaving libnd4j's OpenMP threads to the cores.</li>
 * </ol>
 * Networks should also use {@link #CACHE_MODE} so convolution backprop reuses the forward pass. A system
 * property the user set explicitly is never overridden.
 */
public final class CpuFastPath {

    /** The cache mode of the fast path: keeps im2col buffers and pre-activations between forward and backward. */
    public static final CacheMode CACHE_MODE = CacheMode.DEVICE;

    static final String HELPERS_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";
    static final String BLAS_THREADS_PROPERTY = "alrao4j.blasThreads";
    /** ND4J's key for the op executioner class (read from system properties over the backend's own file). */
    static final String EXECUTIONER_PROPERTY = "opexec";
    static final String ONEDNN_MATMUL_PROPERTY = "alrao4j.oneDnnMatmul";
    /** By name: the class extends the CPU backend's executioner, which a CUDA classpath does not have. */
    static final String ONEDNN_MATMUL_EXECUTIONER = "org.alrao4j.dl4j.cpu.OneDnnMatmulExecutioner";
    static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    private static final String BINDINGS_DIR = "org/nd4j/linalg/cpu/nativecpu/bindings/";
    private static final Logger LOG = LoggerFactory.getLogger(CpuFastPath.class);

    private static Report report;

    private CpuFastPath() {
    }

    /**
     * What {@link #enable()} found and set.
     *
     * @param backend        ND4J's backend name ("CPU", "CUDA")
     * @param extension      the libnd4j build extension in force ("" for the plain build)
     * @param helpersAllowed whether DL4J may use its layer helpers
     * @param oneDnn         whether the loaded libnd4j runs oneDNN (so conv/pool/batch-norm helpers attach)
     * @param blasThreads    OpenBLAS threads after the call (-1 when not a CPU backend)
     * @param oneDnnMatmul   whether F-order matrix products are routed to oneDNN
     *                       ({@link org.alrao4j.dl4j.cpu.OneDnnMatmulExecutioner})
     */
    public record Report(String backend, String extension, boolean helpersAllowed, boolean oneDnn, int blasThreads,
                         boolean oneDnnMatmul) {
        @Override
        public String toString() {
            return "backend=" + backend + ", libnd4j=" + (extension.isEmpty() ? "plain" : extension) + ", oneDNN="
                    + oneDnn + ", helpers=" + helpersAllowed + ", blasThreads=" + blasThreads + ", oneDnnMatmul="
                    + oneDnnMatmul;
        }
    }

    /**
     * Applies the fast path once per JVM; later calls return the first report.
     *
     * @return what is in force
     */
    public static synchronized Report enable() {
        if (report == null) {
            setIfAbsent(HELPERS_PROPERTY, "false");
            setIfAbsent(EXTENSION_PROPERTY, preferredExtension());
            setIfAbsent(EXECUTIONER_PROPERTY, preferredExecutioner());
            Nd4j.create(1);
            report = afterInit();
            LOG.info("CPU fast path: {}", report);
        }
        return report;
    }

    private static Report afterInit() {
        String backend = String.valueOf(Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend"));
        boolean cpu = "CPU".equalsIgnoreCase(backend);
        int blasThreads = -1;
        if (cpu) {
            Nd4j.factory().blas().setMaxThreads(Integer.getInteger(BLAS_THREADS_PROPERTY, 1));
            blasThreads = Nd4j.factory().blas().getMaxThreads();
        }
        boolean oneDnn = cpu && org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN();
        return new Report(backend, System.getProperty(EXTENSION_PROPERTY, ""), Nd4j.getEnvironment().helpersAllowed()
                && "false".equals(System.getProperty(HELPERS_PROPERTY)), oneDnn, blasThreads,
                ONEDNN_MATMUL_EXECUTIONER.equals(Nd4j.getExecutioner().getClass().getName()));
    }

    /**
     * @return the name of {@link org.alrao4j.dl4j.cpu.OneDnnMatmulExecutioner} when the CPU backend will run (its
     *         executioner is on the classpath and CUDA's is not) and the user did not opt out with
     *         {@code -Dalrao4j.oneDnnMatmul=false}; else ""
     */
    static String preferredExecutioner() {
        boolean cpuBackend = present("org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner")
                && !present("org.nd4j.linalg.jcublas.JCublasBackend");
        return cpuBackend && !"false".equals(System.getProperty(ONEDNN_MATMUL_PROPERTY))
                ? ONEDNN_MATMUL_EXECUTIONER : "";
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, CpuFastPath.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** @return "-onednn-avx2", "-onednn" or "" depending on the CPU and the libnd4j builds on the classpath */
    static String preferredExtension() {
        String platform = "linux-x86_64";
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                || !"amd64".equals(System.getProperty("os.arch")) && !"x86_64".equals(System.getProperty("os.arch"))) {
            return "";
        }
        if (cpuHasAvx2() && onClasspath(platform + "-onednn-avx2")) {
            return "-onednn-avx2";
        }
        return onClasspath(platform + "-onednn") ? "-onednn" : "";
    }

    private static boolean onClasspath(String classifier) {
        return CpuFastPath.class.getClassLoader().getResource(BINDINGS_DIR + classifier + "/libjnind4jcpu.so") != null;
    }

    private static boolean cpuHasAvx2() {
        try {
            return Files.readString(Path.of("/proc/cpuinfo")).contains(" avx2");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null && !value.isEmpty()) {
            System.setProperty(key, value);
        }
    }
}
