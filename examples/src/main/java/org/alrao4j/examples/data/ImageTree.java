package org.alrao4j.examples.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.imageio.ImageIO;

import org.alrao4j.dl4j.data.LabeledImages;

/**
 * CIFAR-10 as an image tree {@code train/<class>/<file>}, {@code test/<class>/<file>} in a folder or a zip
 * (as {@code ../shared/datasets/cifar10/cifar10-jpg.zip}), decoded with {@code javax.imageio}. Classes are
 * sorted by name. Images are interleaved class by class (the i-th image of every class, then the (i+1)-th), so
 * the last 20% of the training order, the validation split, holds the last fifth of every class, and any
 * prefix taken by {@code --max_train} is balanced.
 */
final class ImageTree {

    private ImageTree() {
    }

    /** @return whether {@code path} is a zip file or a folder with a {@code train} subfolder */
    static boolean recognises(Path path) {
        return Files.isRegularFile(path) && path.toString().toLowerCase().endsWith(".zip")
                || Files.isDirectory(path.resolve("train")) && Files.isDirectory(path.resolve("test"));
    }

    /** @return train, validation and test images, capped */
    static LabeledImages[] read(Path path, int maxTrain, int maxEval) {
        try {
            if (Files.isDirectory(path)) {
                return split(listFolder(path), path, maxTrain, maxEval, (name) -> Files.newInputStream(
                        path.resolve(name)));
            }
            try (ZipFile zip = new ZipFile(path.toFile())) {
                return split(listZip(zip), path, maxTrain, maxEval, name -> zip.getInputStream(zip.getEntry(name)));
            }
        } catch (IOException e) {
            throw new DataException("cannot read the CIFAR-10 image tree " + path + ": " + e.getMessage(), e);
        }
    }

    /** Opens an entry by its relative name. */
    private interface Opener {
        InputStream open(String name) throws IOException;
    }

    private static LabeledImages[] split(Map<String, Map<String, List<String>>> tree, Path path, int maxTrain,
                                         int maxEval, Opener opener) throws IOException {
        Map<String, List<String>> train = tree.get("train");
        Map<String, List<String>> test = tree.get("test");
        if (train == null || test == null || train.size() != 10 || !train.keySet().equals(test.keySet())) {
            throw new DataException("malformed CIFAR-10 image tree " + path + ": expected train/<class>/* and"
                    + " test/<class>/* with the same 10 classes, found " + (train == null ? "no train" : train.keySet())
                    + " / " + (test == null ? "no test" : test.keySet()));
        }
        List<Labelled> trainOrder = interleave(train);
        List<Labelled> testOrder = interleave(test);
        int nValid = (int) Math.round(trainOrder.size() * ImageSplits.VALID_FRACTION);
        int nTrain = trainOrder.size() - nValid;
        return new LabeledImages[] {
            decode(trainOrder.subList(0, ImageSplits.cap(nTrain, maxTrain)), opener),
            decode(trainOrder.subList(nTrain, nTrain + ImageSplits.cap(nValid, maxEval)), opener),
            decode(testOrder.subList(0, ImageSplits.cap(testOrder.size(), maxEval)), opener)};
    }

    private record Labelled(String name, int label) {
    }

    private static List<Labelled> interleave(Map<String, List<String>> classes) {
        List<List<String>> lists = new ArrayList<>(classes.values());
        List<Labelled> order = new ArrayList<>();
        int longest = lists.stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (int c = 0; c < lists.size(); c++) {
                if (i < lists.get(c).size()) {
                    order.add(new Labelled(lists.get(c).get(i), c));
                }
            }
        }
        return order;
    }

    private static LabeledImages decode(List<Labelled> items, Opener opener) throws IOException {
        Cifar10Data.ImageBuffer buffer = new Cifar10Data.ImageBuffer(items.size());
        int[] argb = new int[Cifar10Data.SIDE * Cifar10Data.SIDE];
        for (int i = 0; i < items.size(); i++) {
            Labelled item = items.get(i);
            BufferedImage image;
            try (InputStream in = opener.open(item.name())) {
                image = ImageIO.read(in);
            }
            if (image == null || image.getWidth() != Cifar10Data.SIDE || image.getHeight() != Cifar10Data.SIDE) {
                throw new DataException("malformed CIFAR-10 image " + item.name() + ": not a 32x32 image that"
                        + " javax.imageio can decode");
            }
            image.getRGB(0, 0, Cifar10Data.SIDE, Cifar10Data.SIDE, argb, 0, Cifar10Data.SIDE);
            buffer.putRgb(i, argb, item.label());
        }
        return buffer.toImages();
    }

    private static Map<String, Map<String, List<String>>> listZip(ZipFile zip) {
        List<String> names = new ArrayList<>();
        zip.stream().filter(e -> !e.isDirectory()).map(ZipEntry::getName).forEach(names::add);
        return group(names);
    }

    private static Map<String, Map<String, List<String>>> listFolder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            List<String> names = new ArrayList<>();
            files.filter(Files::isRegularFile).forEach(f -> names.add(dir.relativize(f).toString().replace('\\',
                    '/')));
            return group(names);
        }
    }

    /** Groups {@code [prefix/]split/class/file} names by split and class, each list sorted. */
    private static Map<String, Map<String, List<String>>> group(List<String> names) {
        Map<String, Map<String, List<String>>> tree = new TreeMap<>();
        for (String name : names) {
            String[] parts = name.split("/");
            if (parts.length < 3 || parts[parts.length - 1].startsWith(".")) {
                continue;
            }
            String split = parts[parts.length - 3];
            if (split.equals("train") || split.equals("test")) {
                tree.computeIfAbsent(split, k -> new TreeMap<>())
                        .computeIfAbsent(parts[parts.length - 2], k -> new ArrayList<>()).add(name);
            }
        }
        tree.values().forEach(classes -> classes.values().forEach(list -> list.sort(null)));
        return tree;
    }
}
