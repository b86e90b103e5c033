package io.distill4j.engine;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The shape of a tensor, e.g. {@code (3, 32, 32)}: a value with equality, unlike libtorch's
 * {@code long[]} sizes.
 */
public final class Dims {
    private final long[] sizes;

    private Dims(long[] sizes) {
        this.sizes = sizes;
    }

    /**
     * @param sizes the size of each dimension
     * @return the shape
     */
    public static Dims of(long... sizes) {
        return new Dims(sizes.clone());
    }

    /** @return the number of dimensions */
    public int dimension() {
        return sizes.length;
    }

    /**
     * @param axis a dimension
     * @return its size
     */
    public long get(int axis) {
        return sizes[axis];
    }

    /** @return the product of all sizes (1 for a scalar) */
    public long size() {
        long n = 1;
        for (long s : sizes) {
            n *= s;
        }
        return n;
    }

    /**
     * @param from first dimension kept
     * @return the shape without the dimensions before {@code from}
     */
    public Dims slice(int from) {
        return new Dims(Arrays.copyOfRange(sizes, from, sizes.length));
    }

    /**
     * @param first a size put before the others (e.g. a batch)
     * @return that size followed by this shape
     */
    public Dims prepend(long first) {
        long[] s = new long[sizes.length + 1];
        s[0] = first;
        System.arraycopy(sizes, 0, s, 1, sizes.length);
        return new Dims(s);
    }

    /** @return a copy of the sizes */
    public long[] sizes() {
        return sizes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dims d && Arrays.equals(sizes, d.sizes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sizes);
    }

    /** @return e.g. {@code (3, 32, 32)} */
    @Override
    public String toString() {
        return Arrays.stream(sizes).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
    }
}
