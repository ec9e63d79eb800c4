package org.alrao4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.alrao4j.dl4j.CpuFastPath;
import org.alrao4j.dl4j.layers.NativeBatchNorm;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * DL4J's batch normalization (with its oneDNN helper) against {@code NativeBatchNorm}, in one JVM, the two
 * interleaved round by round: one layer's training forward pass, forward + backward and inference forward
 * pass on the VGG-ish network's two batch-norm shapes (float, NCHW, inside a workspace as in a network), and
 * the VGG-ish training step ({@code FrameworkStepTimer}'s {@code vggish} and {@code vggish-native}).
 * Reports the fastest and the median round of each.
 *
 * <pre>
 *   java -cp bench/target/bench.jar org.alrao4j.bench.BatchNormBenchmark [ROUNDS]
 * </pre>
 */
public final class BatchNormBenchmark {

    private static final WorkspaceConfiguration WS = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.STRICT).policyLearning(LearningPolicy.FIRST_LOOP).build();
    private static final String WS_ID = "BN_BENCH";

    private BatchNormBenchmark() {
    }

    public static void main(String[] args) {
        CpuFastPath.enable();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        Map<String, List<Double>> us = new LinkedHashMap<>();
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.builder().defaultWorkspace(WS_ID, WS).build();
        for (long[] shape : new long[][] {{32, 32, 32, 32}, {32, 64, 16, 16}}) {
            Layer[] layers = {layer(false, shape), layer(true, shape)};
            Nd4j.getRandom().setSeed(7);
            INDArray x = Nd4j.rand(DataType.FLOAT, shape);
            INDArray eps = Nd4j.rand(DataType.FLOAT, shape);
            String tag = shape[1] + "x" + shape[2] + "x" + shape[3];
            for (int r = 0; r <= rounds; r++) {
                for (int k = 0; k < 2; k++) {
                    Layer l = layers[k];
                    String who = k == 0 ? "DL4J" : "Native";
                    record(us, r, who + " " + tag + " forward (training)", 20, () -> {
                        l.setInput(x, mgr);
                        l.activate(true, mgr);
                    });
                    record(us, r, who + " " + tag + " forward + backward", 20, () -> {
                        l.setInput(x, mgr);
                        l.activate(true, mgr);
                        l.backpropGradient(eps, mgr);
                    });
                    record(us, r, who + " " + tag + " forward (inference)", 20, () -> {
                        l.setInput(x, mgr);
                        l.activate(false, mgr);
                    });
                }
            }
        }
        ComputationGraph[] nets = {new ComputationGraph(TrainingStepBenchmark.vggish(new Sgd(0.01))),
            new ComputationGraph(batchNormOnly(TrainingStepBenchmark.vggish(new Sgd(0.01))))};
        DataSet batch = FrameworkStepTimer.images(32, new long[] {3, 32, 32}, 10);
        for (ComputationGraph n : nets) {
            n.init();
        }
        for (int r = 0; r <= rounds; r++) {
            for (int k = 0; k < 2; k++) {
                ComputationGraph n = nets[k];
                recordPlain(us, r, (k == 0 ? "DL4J" : "Native") + " VGG-ish training step", 10, () -> n.fit(batch));
            }
        }
        System.out.println("| what | fastest (us) | median (us) |");
        System.out.println("|---|---:|---:|");
        us.forEach((k, v) -> {
            List<Double> s = new ArrayList<>(v);
            s.sort(Double::compare);
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f |%n", k, s.get(0), s.get(s.size() / 2));
        });
    }

    static Layer layer(boolean nativeBn, long[] shape) {
        BatchNormalization bn = nativeBn ? new NativeBatchNorm.Builder().build()
                : new BatchNormalization.Builder().build();
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .list().layer(bn).layer(new OutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(shape[2], shape[3], shape[1])).build());
        net.init();
        net.initGradientsView();
        return net.getLayer(0);
    }

    /** Times {@code reps} runs inside the layer workspace (round 0 is the warm-up and not recorded). */
    private static void record(Map<String, List<Double>> us, int round, String name, int reps, Runnable r) {
        recordPlain(us, round, name, reps, () -> {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WS, WS_ID)) {
                r.run();
            }
        });
    }

    private static void recordPlain(Map<String, List<Double>> us, int round, String name, int reps, Runnable r) {
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            r.run();
        }
        double t = (System.nanoTime() - t0) / 1e3 / reps;
        if (round > 0) {
            us.computeIfAbsent(name, k -> new ArrayList<>()).add(t);
        }
    }

    /** The configuration with only its batch-norm layers replaced, to time NativeBatchNorm alone. */
    private static ComputationGraphConfiguration batchNormOnly(ComputationGraphConfiguration conf) {
        for (GraphVertex v : conf.getVertices().values()) {
            if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer().getClass() == BatchNormalization.class) {
                lv.getLayerConf().setLayer(NativeBatchNorm.of((BatchNormalization) lv.getLayerConf().getLayer()));
            }
        }
        return conf;
    }
}
