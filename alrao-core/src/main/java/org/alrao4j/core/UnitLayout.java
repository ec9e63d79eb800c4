package org.alrao4j.core;

import java.io.Serializable;
import java.util.Arrays;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Which element of a flattened gradient belongs to which unit.
 *
 * <p>A layout is a sequence of segments laid end to end over the flat gradient of one layer. Segment
 * {@code s} covers {@code tile[s] * unitCount[s] * repeat[s]} consecutive elements; element {@code k}
 * of the segment belongs to unit {@code unitOffset[s] + (k / repeat[s]) % unitCount[s]} of the layer's
 * unit-rate vector. Equivalently, the segment reshaped in C order to {@code [tile, unitCount, repeat]}
 * has unit index along its middle axis. Every DL4J parameter layout reduces to this form, e.g. a dense
 * weight {@code [nIn, nOut]} in F order is one segment {@code (0, nOut, nIn, 1)}, a convolution weight
 * {@code [nOut, nIn, kH, kW]} in C order is {@code (0, nOut, nIn*kH*kW, 1)}, and LSTM gate rows tied per
 * unit are {@code (0, nOut, nIn, 4)}.
 *
 * <p>Immutable; value equality; serialized as four parallel arrays.
 */
public final class UnitLayout implements Serializable {

    private static final long serialVersionUID = 1L;

    @JsonProperty("unitOffset")
    private final long[] unitOffset;
    @JsonProperty("unitCount")
    private final long[] unitCount;
    @JsonProperty("repeat")
    private final long[] repeat;
    @JsonProperty("tile")
    private final long[] tile;

    @JsonCreator
    private UnitLayout(@JsonProperty("unitOffset") long[] unitOffset, @JsonProperty("unitCount") long[] unitCount,
                       @JsonProperty("repeat") long[] repeat, @JsonProperty("tile") long[] tile) {
        this.unitOffset = unitOffset.clone();
        this.unitCount = unitCount.clone();
        this.repeat = repeat.clone();
        this.tile = tile.clone();
        validate();
    }

    /** @return a builder that appends segments in flat order */
    public static Builder builder() {
        return new Builder();
    }

    /** @return number of segments */
    public int numSegments() {
        return unitOffset.length;
    }

    /** @return first unit index of segment {@code s} */
    public long unitOffset(int s) {
        return unitOffset[s];
    }

    /** @return number of distinct units segment {@code s} spans */
    public long unitCount(int s) {
        return unitCount[s];
    }

    /** @return consecutive elements per unit in segment {@code s} */
    public long repeat(int s) {
        return repeat[s];
    }

    /** @return how often the unit sequence repeats in segment {@code s} */
    public long tile(int s) {
        return tile[s];
    }

    /** @return number of elements segment {@code s} covers */
    public long segmentLength(int s) {
        return tile[s] * unitCount[s] * repeat[s];
    }

    /** @return number of gradient elements the layout covers */
    public long length() {
        long n = 0;
        for (int s = 0; s < numSegments(); s++) {
            n += segmentLength(s);
        }
        return n;
    }

    /** @return size of the unit-rate vector the layout indexes into (one past the largest unit index) */
    public long numUnits() {
        long n = 0;
        for (int s = 0; s < numSegments(); s++) {
            n = Math.max(n, unitOffset[s] + unitCount[s]);
        }
        return n;
    }

    /**
     * @param flatIndex index into the flat gradient the layout covers
     * @return the unit that element belongs to (a plain-Java reference of the layout, used by tests)
     */
    public long unitOf(long flatIndex) {
        long start = 0;
        for (int s = 0; s < numSegments(); s++) {
            long len = segmentLength(s);
            if (flatIndex < start + len) {
                return unitOffset[s] + ((flatIndex - start) / repeat[s]) % unitCount[s];
            }
            start += len;
        }
        throw new IndexOutOfBoundsException("flatIndex=" + flatIndex + " is outside the layout of length " + length());
    }

    private void validate() {
        int n = unitOffset.length;
        if (unitCount.length != n || repeat.length != n || tile.length != n) {
            throw new IllegalArgumentException("unitOffset, unitCount, repeat and tile must have the same length, got "
                    + n + ", " + unitCount.length + ", " + repeat.length + ", " + tile.length);
        }
        for (int s = 0; s < n; s++) {
            if (unitOffset[s] < 0 || unitCount[s] < 1 || repeat[s] < 1 || tile[s] < 1) {
                throw new IllegalArgumentException("segment " + s + " must have unitOffset >= 0 and unitCount, repeat,"
                        + " tile >= 1, got unitOffset=" + unitOffset[s] + ", unitCount=" + unitCount[s] + ", repeat="
                        + repeat[s] + ", tile=" + tile[s]);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof UnitLayout)) {
            return false;
        }
        UnitLayout other = (UnitLayout) o;
        return Arrays.equals(unitOffset, other.unitOffset) && Arrays.equals(unitCount, other.unitCount)
                && Arrays.equals(repeat, other.repeat) && Arrays.equals(tile, other.tile);
    }

    @Override
    public int hashCode() {
        int h = Arrays.hashCode(unitOffset);
        h = 31 * h + Arrays.hashCode(unitCount);
        h = 31 * h + Arrays.hashCode(repeat);
        return 31 * h + Arrays.hashCode(tile);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("UnitLayout[");
        for (int s = 0; s < numSegments(); s++) {
            sb.append(s == 0 ? "" : ", ").append("(units ").append(unitOffset[s]).append('+').append(unitCount[s])
                    .append(" x").append(repeat[s]).append(" tile ").append(tile[s]).append(')');
        }
        return sb.append(']').toString();
    }

    /** Appends segments in the order they lie in the flat gradient. */
    public static final class Builder {
        private final java.util.List<long[]> segments = new java.util.ArrayList<>();

        private Builder() {
        }

        /**
         * @param unitOffset first unit of the unit-rate vector this segment uses
         * @param unitCount  number of units, each owning {@code repeat} consecutive elements
         * @param repeat     consecutive elements per unit
         * @param tile       how often the block of {@code unitCount * repeat} elements repeats
         * @return this builder
         */
        public Builder segment(long unitOffset, long unitCount, long repeat, long tile) {
            segments.add(new long[] {unitOffset, unitCount, repeat, tile});
            return this;
        }

        /** @return the layout; throws {@link IllegalArgumentException} for an invalid segment */
        public UnitLayout build() {
            int n = segments.size();
            long[][] cols = new long[4][n];
            for (int s = 0; s < n; s++) {
                for (int c = 0; c < 4; c++) {
                    cols[c][s] = segments.get(s)[c];
                }
            }
            return new UnitLayout(cols[0], cols[1], cols[2], cols[3]);
        }
    }
}
