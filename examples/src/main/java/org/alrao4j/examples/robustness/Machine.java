package org.alrao4j.examples.robustness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's size and load, recorded beside wall times (other processes inflate them). */
public final class Machine {

    private static final Path LOADAVG = Path.of("/proc/loadavg");

    private Machine() {
    }

    /** @return the 1-, 5- and 15-minute load averages as in {@code uptime}, or "n/a" where not available */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(LOADAVG).trim().split("\\s+");
            return f.length >= 3 ? f[0] + ", " + f[1] + ", " + f[2] : "n/a";
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /** @return CPU seconds this JVM has used so far (all threads), NaN where the JVM does not tell */
    public static double processCpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            long nanos = sun.getProcessCpuTime();
            return nanos < 0 ? Double.NaN : nanos / 1e9;
        }
        return Double.NaN;
    }

    /** @return {@code OMP_NUM_THREADS=n} when that variable is set (it changes ND4J's threading), else "" */
    public static String ompThreads() {
        String v = System.getenv("OMP_NUM_THREADS");
        return v == null ? "" : "OMP_NUM_THREADS=" + v;
    }

    /** @return the number of cores the JVM sees */
    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }
}
