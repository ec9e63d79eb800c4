package org.alrao4j.dl4j.layers;

/**
 * Equality by reference, for keys of what a layer's kept forward pass was computed from (a list of INDArrays
 * would compare contents; nothing changes these arrays' contents within a {@code fit} step).
 */
record IdentityKey(Object ref) {

    @Override
    public boolean equals(Object o) {
        return o instanceof IdentityKey k && k.ref == ref;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(ref);
    }
}
