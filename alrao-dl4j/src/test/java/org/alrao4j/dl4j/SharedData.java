package org.alrao4j.dl4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.alrao4j.dl4j.data.IdxReader;
import org.alrao4j.dl4j.data.LabeledImages;

/** Real data from the project's shared dataset folder ({@code ../shared/datasets}, as on CI). */
public final class SharedData {

    private SharedData() {
    }

    /** @return the shared folder: system property {@code alrao4j.shared} (set by the build), else ../shared */
    public static Path sharedDir() {
        Path dir = Path.of(System.getProperty("alrao4j.shared", "../../shared"));
        if (!Files.isDirectory(dir.resolve("datasets"))) {
            throw new IllegalStateException("shared datasets not found at " + dir.toAbsolutePath()
                    + "; run the build from the project root with ../shared beside it, or set -Dalrao4j.shared");
        }
        return dir;
    }

    /** @return the first {@code limit} Fashion-MNIST training ({@code train=true}) or test images */
    public static LabeledImages fashionMnist(boolean train, int limit) throws IOException {
        Path dir = sharedDir().resolve("datasets/fashion-mnist");
        String prefix = train ? "train" : "t10k";
        return IdxReader.read(dir.resolve(prefix + "-images-idx3-ubyte.gz"),
                dir.resolve(prefix + "-labels-idx1-ubyte.gz"), limit);
    }
}
