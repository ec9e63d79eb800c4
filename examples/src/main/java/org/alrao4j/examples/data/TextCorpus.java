package org.alrao4j.examples.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A tokenised text corpus for language modelling, as the reference's {@code data/data_text.py::Corpus}:
 * word mode = whitespace tokens plus {@code <eos>} per line; character mode = every character of each line
 * including spaces and the newline. The vocabulary is built over train, then valid, then test. Sources:
 * <ul>
 *   <li>{@code null}: the embedded Tiny Shakespeare (public domain), split 90/5/5;</li>
 *   <li>a Penn Treebank folder or zip with {@code ptb.train.txt}, {@code ptb.valid.txt}, {@code ptb.test.txt};
 *       in character mode its {@code ptb.char.*.txt} files, whose space-separated symbols are the tokens
 *       ({@code _} marks word boundaries) with a newline token per line (the paper's setup);</li>
 *   <li>any UTF-8 text file, split 90/5/5.</li>
 * </ul>
 *
 * @param name       description for reports
 * @param vocabulary tokens by id
 * @param train      training token ids
 * @param valid      validation token ids
 * @param test       test token ids
 */
public record TextCorpus(String name, List<String> vocabulary, int[] train, int[] valid, int[] test) {

    /** Resource of the embedded corpus. */
    public static final String EMBEDDED = "/org/alrao4j/examples/data/tinyshakespeare/input.txt";
    private static final String EOS = "<eos>";

    /** @return the number of distinct tokens */
    public int vocabularySize() {
        return vocabulary.size();
    }

    /**
     * @param path     PTB folder or zip, a text file, or {@code null} for the embedded corpus
     * @param chars    character-level tokens
     * @param maxTrain cap on training tokens ({@code <= 0}: none)
     * @param maxEval  cap on validation and test tokens ({@code <= 0}: none)
     * @return the corpus
     */
    public static TextCorpus load(Path path, boolean chars, int maxTrain, int maxEval) {
        String[] texts;
        String name;
        if (path == null) {
            texts = splitText(embedded());
            name = "tinyshakespeare (embedded, 90/5/5)";
        } else if (Files.isDirectory(path) || path.toString().toLowerCase().endsWith(".zip")) {
            texts = ptb(path, chars);
            name = "ptb " + path;
        } else {
            texts = splitText(read(path));
            name = path + " (90/5/5)";
        }
        boolean symbols = chars && path != null && !texts[3].isEmpty();
        Map<String, Integer> vocab = new LinkedHashMap<>();
        int[] train = cap(tokenize(texts[0], chars, symbols, vocab), maxTrain);
        int[] valid = cap(tokenize(texts[1], chars, symbols, vocab), maxEval);
        int[] test = cap(tokenize(texts[2], chars, symbols, vocab), maxEval);
        if (vocab.size() < 2 || train.length < 2) {
            throw new DataException("the corpus " + name + " is too small: " + train.length + " training tokens, "
                    + vocab.size() + " distinct; pass a larger UTF-8 text");
        }
        return new TextCorpus(name + (chars ? ", characters" : ", words"), List.copyOf(vocab.keySet()), train,
                valid, test);
    }

    /** @return train, valid, test and a marker ("" for plain text, "ptb" for PTB symbol files) */
    private static String[] splitText(String text) {
        int a = lineBoundary(text, (int) (text.length() * 0.9));
        int b = lineBoundary(text, (int) (text.length() * 0.95));
        return new String[] {text.substring(0, a), text.substring(a, b), text.substring(b), ""};
    }

    private static int lineBoundary(String text, int at) {
        int nl = text.indexOf('\n', at);
        return nl < 0 ? at : nl + 1;
    }

    private static int[] tokenize(String text, boolean chars, boolean symbols, Map<String, Integer> vocab) {
        List<Integer> ids = new ArrayList<>();
        for (String line : text.split("(?<=\n)")) {
            if (line.isEmpty()) {
                continue;
            }
            if (chars && !symbols) {
                line.codePoints().forEach(cp -> ids.add(id(new String(Character.toChars(cp)), vocab)));
                continue;
            }
            for (String token : line.trim().split("\\s+")) {
                if (!token.isEmpty()) {
                    ids.add(id(token, vocab));
                }
            }
            ids.add(id(chars ? "\n" : EOS, vocab));
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int id(String token, Map<String, Integer> vocab) {
        return vocab.computeIfAbsent(token, t -> vocab.size());
    }

    private static int[] cap(int[] ids, int max) {
        return max > 0 && ids.length > max ? java.util.Arrays.copyOf(ids, max) : ids;
    }

    private static String[] ptb(Path path, boolean chars) {
        String prefix = chars ? "ptb.char." : "ptb.";
        String[] parts = {"train", "valid", "test"};
        String[] texts = new String[4];
        try {
            if (Files.isDirectory(path)) {
                for (int i = 0; i < 3; i++) {
                    Path file = path.resolve(prefix + parts[i] + ".txt");
                    if (!Files.isRegularFile(file)) {
                        throw new DataException("--data_path " + path + " has no " + file.getFileName()
                                + "; pass a Penn Treebank folder (ptb.train.txt, ...) or a text file");
                    }
                    texts[i] = read(file);
                }
            } else {
                readZip(path, prefix, parts, texts);
            }
        } catch (IOException e) {
            throw new DataException("cannot read Penn Treebank from " + path + ": " + e.getMessage(), e);
        }
        texts[3] = chars ? "ptb" : "";
        return texts;
    }

    private static void readZip(Path path, String prefix, String[] parts, String[] texts) throws IOException {
        try (ZipFile zip = new ZipFile(path.toFile())) {
            for (int i = 0; i < 3; i++) {
                String wanted = prefix + parts[i] + ".txt";
                ZipEntry entry = zip.stream().filter(e -> e.getName().equals(wanted) || e.getName().endsWith("/"
                        + wanted)).findFirst().orElseThrow(() -> new DataException("zip " + path + " has no "
                        + wanted + "; pass the Penn Treebank zip (ptb.train.txt, ...)"));
                try (InputStream in = zip.getInputStream(entry)) {
                    texts[i] = decode(in.readAllBytes(), path + "!" + wanted);
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new DataException("malformed zip " + path + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return decode(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new DataException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String embedded() {
        try (InputStream in = TextCorpus.class.getResourceAsStream(EMBEDDED)) {
            if (in == null) {
                throw new DataException("embedded resource " + EMBEDDED + " is missing from the jar");
            }
            return decode(in.readAllBytes(), EMBEDDED);
        } catch (IOException e) {
            throw new DataException("cannot read " + EMBEDDED + ": " + e.getMessage(), e);
        }
    }

    private static String decode(byte[] bytes, String name) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DataException(name + " is not UTF-8 text; pass a UTF-8 text file or a Penn Treebank folder/zip");
        }
    }
}
