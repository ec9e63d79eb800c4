package org.alrao4j.dl4j.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The few operations the snapshot classes need on either network type: training counters, single-output
 * inference, and loading a {@link ModelSerializer} file without knowing its type in advance.
 */
final class Models {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Models() {
    }

    /** Counters and type of a snapshot file, read from its {@code configuration.json} only. */
    record FileInfo(boolean graph, int iterationCount, int epochCount) {
    }

    static IllegalArgumentException unsupported(Object model) {
        return new IllegalArgumentException("model must be a MultiLayerNetwork or a ComputationGraph, got "
                + (model == null ? "null" : model.getClass().getName())
                + "; snapshots are written with ModelSerializer, which supports only these two types");
    }

    static int iterationCount(Model model) {
        if (model instanceof MultiLayerNetwork) {
            return ((MultiLayerNetwork) model).getIterationCount();
        }
        if (model instanceof ComputationGraph) {
            return ((ComputationGraph) model).getIterationCount();
        }
        throw unsupported(model);
    }

    static int epochCount(Model model) {
        if (model instanceof MultiLayerNetwork) {
            return ((MultiLayerNetwork) model).getEpochCount();
        }
        if (model instanceof ComputationGraph) {
            return ((ComputationGraph) model).getEpochCount();
        }
        throw unsupported(model);
    }

    /** Sets the counters stored in the configuration (what {@link ModelSerializer} writes). */
    static void setCounts(Model model, int iterationCount, int epochCount) {
        if (model instanceof MultiLayerNetwork) {
            MultiLayerNetwork net = (MultiLayerNetwork) model;
            net.getLayerWiseConfigurations().setIterationCount(iterationCount);
            net.getLayerWiseConfigurations().setEpochCount(epochCount);
        } else if (model instanceof ComputationGraph) {
            ComputationGraph graph = (ComputationGraph) model;
            graph.getConfiguration().setIterationCount(iterationCount);
            graph.getConfiguration().setEpochCount(epochCount);
        } else {
            throw unsupported(model);
        }
    }

    /**
     * @return the inference-mode output of a single-output network, detached from any workspace
     * @throws IllegalArgumentException for a graph with several outputs
     */
    static INDArray output(Model model, INDArray features, INDArray featuresMask) {
        if (model instanceof MultiLayerNetwork) {
            return ((MultiLayerNetwork) model).output(features, false, featuresMask, null);
        }
        if (model instanceof ComputationGraph) {
            ComputationGraph graph = (ComputationGraph) model;
            int outputs = graph.getConfiguration().getNetworkOutputs().size();
            if (outputs != 1) {
                throw new IllegalArgumentException("snapshot ensembles average one softmax output, but the graph has "
                        + outputs + " outputs " + graph.getConfiguration().getNetworkOutputs()
                        + "; ensemble a single-output graph");
            }
            INDArray[] masks = featuresMask == null ? null : new INDArray[] {featuresMask};
            return graph.output(false, new INDArray[] {features}, masks)[0];
        }
        throw unsupported(model);
    }

    /** Writes the network with its updater state to {@code file} (via a temporary file, then a move). */
    static void write(Model model, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        ModelSerializer.writeModel(model, tmp.toFile(), true);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Restores a network written by {@link ModelSerializer}, with its updater state. */
    static Model load(Path file) throws IOException {
        return info(file).graph() ? ModelSerializer.restoreComputationGraph(file.toFile(), true)
                : ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
    }

    /** Reads the network type and counters from the file's configuration, without loading parameters. */
    static FileInfo info(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("snapshot file " + file.toAbsolutePath() + " does not exist; it may have been"
                    + " deleted by SnapshotListener's keep(K) limit or moved; use the listener's snapshots() list");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry(ModelSerializer.CONFIGURATION_JSON);
            if (entry == null) {
                throw new IOException("snapshot file " + file + " has no " + ModelSerializer.CONFIGURATION_JSON
                        + "; it is not a ModelSerializer model file");
            }
            JsonNode conf;
            try (InputStream in = zip.getInputStream(entry)) {
                conf = JSON.readTree(in);
            }
            boolean graph = conf.has("vertices");
            if (!graph && !conf.has("confs")) {
                throw new IOException("snapshot file " + file + " holds neither a MultiLayerNetwork ('confs') nor a"
                        + " ComputationGraph ('vertices') configuration");
            }
            return new FileInfo(graph, conf.path("iterationCount").asInt(0), conf.path("epochCount").asInt(0));
        }
    }
}
