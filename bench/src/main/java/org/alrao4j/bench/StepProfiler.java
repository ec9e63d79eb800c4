package org.alrao4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import org.alrao4j.dl4j.CpuFastPath;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Where a training step's time goes: trains each network of {@link FrameworkStepTimer} (plain and as Alrao with 10
 * classifiers) under Java Flight Recorder and attributes the training thread's samples (Java and native: libnd4j
 * runs each op on the calling thread plus its OpenMP workers, so the caller's samples follow wall time) to a phase
 * (forward, backward, updater, other) and to the innermost DL4J layer or Alrao class on the stack. Writes
 * {@code OUT/step-profile.md}.
 *
 * <pre>
 *   java -cp bench/target/bench.jar org.alrao4j.bench.StepProfiler OUT [SECONDS_PER_NETWORK [NETWORK ...]]
 * </pre>
 */
public final class StepProfiler {

    private record Profile(String network, Map<String, Integer> phases, Map<String, Integer> owners, int samples) {
    }

    private StepProfiler() {
    }

    public static void main(String[] args) throws IOException {
        CpuFastPath.Report fastPath = CpuFastPath.enable();
        Path out = Path.of(args.length > 0 ? args[0] : "bench-results");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 8;
        List<String> names = args.length > 2 ? List.of(args).subList(2, args.length)
                : List.copyOf(FrameworkStepTimer.networks().keySet());
        Files.createDirectories(out);
        List<Profile> profiles = new ArrayList<>();
        for (String name : names) {
            FrameworkStepTimer.Network n = FrameworkStepTimer.networks().get(name);
            if (n == null) {
                throw new IllegalArgumentException("network " + name + " is unknown; pass one of "
                        + FrameworkStepTimer.networks().keySet());
            }
            profiles.add(profile(name, n.conf(), n.data(), seconds, out));
            profiles.add(profile(name + " (Alrao)", () -> TrainingStepBenchmark.alrao(n.conf().get()), n.data(), seconds, out));
            System.out.println(markdown(profiles.subList(profiles.size() - 2, profiles.size())));
        }
        Files.writeString(out.resolve("step-profile.md"), "Training-step profile (JFR samples of the training"
                + " thread, " + seconds + " s per network); " + fastPath + "\n\n" + markdown(profiles));
    }

    private static Profile profile(String label, Supplier<ComputationGraphConfiguration> conf, Supplier<DataSet> data,
                                   double seconds, Path out) throws IOException {
        ComputationGraph net = new ComputationGraph(conf.get());
        net.init();
        DataSet batch = data.get();
        long warmUpEnd = System.nanoTime() + (long) (seconds * 0.25e9);
        while (System.nanoTime() < warmUpEnd) {
            net.fit(batch);
        }
        Path file = out.resolve("step-profile.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(1));
            recording.enable("jdk.NativeMethodSample").withPeriod(java.time.Duration.ofMillis(1));
            recording.start();
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                net.fit(batch);
            }
            recording.stop();
            recording.dump(file);
        }
        Profile p = attribute(label, file, Thread.currentThread().getName());
        Files.delete(file);
        return p;
    }

    private static Profile attribute(String label, Path file, String thread) throws IOException {
        Map<String, Integer> phases = new LinkedHashMap<>();
        Map<String, Integer> owners = new TreeMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getThread("sampledThread") == null || !thread.equals(e.getThread("sampledThread").getJavaName())
                    || e.getStackTrace() == null) {
                continue;
            }
            samples++;
            phases.merge(phase(e.getStackTrace()), 1, Integer::sum);
            owners.merge(owner(e.getStackTrace()), 1, Integer::sum);
        }
        return new Profile(label, phases, owners, samples);
    }

    /** The phase of the outermost recognised frame: an update inside backprop is an update. */
    private static String phase(RecordedStackTrace stack) {
        String phase = "other";
        for (RecordedFrame f : stack.getFrames()) {
            String cls = f.getMethod().getType().getName();
            String m = f.getMethod().getName();
            if (cls.startsWith("org.deeplearning4j.nn.updater") || cls.endsWith("Updater")
                    && (cls.startsWith("org.nd4j.linalg.learning") || cls.startsWith("org.alrao4j"))) {
                return "updater";
            }
            if (m.equals("backpropGradient") || m.equals("calcBackpropGradients")) {
                phase = "backward";
            } else if (phase.equals("other") && (m.equals("activate") || m.startsWith("ffToLayerActivations")
                    || m.equals("feedForward") || m.equals("computeScore"))) {
                phase = "forward";
            }
        }
        return phase;
    }

    /**
     * The innermost DL4J layer, vertex or alrao4j class on the stack, by simple class name; the op executioner the
     * fast path installs runs every custom op and is skipped like ND4J's own.
     */
    private static String owner(RecordedStackTrace stack) {
        for (RecordedFrame f : stack.getFrames()) {
            String cls = f.getMethod().getType().getName();
            if (cls.startsWith("org.alrao4j.dl4j.cpu.OneDnnMatmulExecutioner")) {
                continue;
            }
            if (cls.startsWith("org.deeplearning4j.nn.layers.") || cls.startsWith("org.deeplearning4j.nn.graph.vertex.")
                    || cls.startsWith("org.alrao4j.") && !cls.startsWith("org.alrao4j.bench")
                    || cls.startsWith("org.deeplearning4j.nn.updater") || cls.startsWith("org.nd4j.linalg.learning")) {
                String simple = cls.substring(cls.lastIndexOf('.') + 1);
                int inner = simple.indexOf('$');
                return inner > 0 ? simple.substring(0, inner) : simple;
            }
        }
        return "(graph/other)";
    }

    private static String markdown(List<Profile> profiles) {
        StringBuilder sb = new StringBuilder("| network | samples | forward | backward | updater | other |"
                + " largest owners |\n|---|---:|---:|---:|---:|---:|---|\n");
        for (Profile p : profiles) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s |%n", p.network(), p.samples(),
                    share(p, "forward"), share(p, "backward"), share(p, "updater"), share(p, "other"), owners(p)));
        }
        return sb.toString();
    }

    private static String share(Profile p, String phase) {
        return String.format(Locale.ROOT, "%.0f%%", 100.0 * p.phases().getOrDefault(phase, 0) / p.samples());
    }

    private static String owners(Profile p) {
        List<String> top = new ArrayList<>();
        p.owners().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .limit(5).forEach(e -> top.add(String.format(Locale.ROOT, "%s %.0f%%", e.getKey(),
                        100.0 * e.getValue() / p.samples())));
        return String.join(", ", top);
    }
}
