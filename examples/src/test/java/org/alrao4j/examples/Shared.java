package org.alrao4j.examples;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's shared dataset folder ({@code ../shared/datasets}; the build passes {@code -Dalrao4j.shared}). */
final class Shared {

    private Shared() {
    }

    static Path datasets() {
        Path dir = Path.of(System.getProperty("alrao4j.shared", "../../shared")).resolve("datasets");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("shared datasets not found at " + dir.toAbsolutePath()
                    + "; run the build from the project root with ../shared beside it, or set -Dalrao4j.shared");
        }
        return dir;
    }
}
