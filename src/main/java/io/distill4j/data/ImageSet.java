package io.distill4j.data;

import io.distill4j.BadInputException;
import java.util.Arrays;

/**
 * Square RGB images of one side, channel-planar (CHW) uint8 per image, read from a {@link
 * PixelStore}, each with its class label or, for a set made with {@link #unlabelled}, without any. A set is a view: {@link #subset} and {@link #head} select images of the same store
 * by index and copy no pixels, so a split of a memory-mapped cache costs one index array. Instances
 * are immutable.
 */
public final class ImageSet {
    /** Number of colour channels. */
    public static final int CHANNELS = 3;
    /** Image height and width of CIFAR images in pixels. */
    public static final int SIDE = 32;
    /** Bytes per CIFAR image. */
    public static final int IMAGE_BYTES = CHANNELS * SIDE * SIDE;
    /** Number of CIFAR-10 classes, the class count of sets made without one. */
    public static final int CLASSES = 10;
    /** Most classes a set can have. */
    public static final int MAX_CLASSES = 10_000;
    /** Largest image side a set can have. */
    public static final int MAX_SIDE = 1024;
    /** CIFAR-10 class names, in label order. */
    public static final String[] CLASS_NAMES = {
        "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};

    private final PixelStore store;
    /** Label of each image of the store; {@code null} for unlabelled images. */
    private final int[] labels;
    /** Store indices of this view's images, or {@code null} for all of them in order. */
    private final int[] view;
    private final int side;
    private final int classes;

    private ImageSet(PixelStore store, int[] labels, int[] view, int side, int classes) {
        this.store = store;
        this.labels = labels;
        this.view = view;
        this.side = side;
        this.classes = classes;
    }

    /**
     * @param store the pixels
     * @param labels one class index ({@code 0 … classes − 1}) per image of the store; copied
     * @param side image height and width, 1 to {@value #MAX_SIDE}
     * @param classes number of classes the labels index, 1 to {@value #MAX_CLASSES}
     * @return all images of the store
     * @throws BadInputException if the sizes disagree or a label is out of range
     */
    public static ImageSet of(PixelStore store, int[] labels, int side, int classes) {
        checkShape(side, classes);
        if (store.imageBytes() != CHANNELS * side * side || store.size() != labels.length) {
            throw new BadInputException(
                    "image data holds " + store.size() + " images of " + store.imageBytes()
                            + " bytes for " + labels.length + " labels; expected "
                            + CHANNELS * side * side + " bytes per image");
        }
        int[] own = labels.clone();
        for (int i = 0; i < own.length; i++) {
            if (own[i] < 0 || own[i] >= classes) {
                throw new BadInputException(
                        "label " + own[i] + " of image " + i + " is outside 0–" + (classes - 1));
            }
        }
        return new ImageSet(store, own, null, side, classes);
    }

    /**
     * Images without labels: for objectives that learn from a teacher alone. {@link #label} and
     * {@link #labels} refuse, and batches of them carry no labels.
     *
     * @param store the pixels
     * @param side image height and width
     * @param classes the class count of the models they are shown to
     * @return all images of the store, unlabelled
     */
    public static ImageSet unlabelled(PixelStore store, int side, int classes) {
        checkShape(side, classes);
        if (store.imageBytes() != CHANNELS * side * side) {
            throw new BadInputException("image data holds images of " + store.imageBytes() + " bytes; expected "
                    + CHANNELS * side * side + " bytes per image");
        }
        return new ImageSet(store, null, null, side, classes);
    }

    private static void checkShape(int side, int classes) {
        if (side < 1 || side > MAX_SIDE) {
            throw new BadInputException("image side " + side + " is outside 1–" + MAX_SIDE);
        }
        if (classes < 1 || classes > MAX_CLASSES) {
            throw new BadInputException(
                    "an image set needs 1 to " + MAX_CLASSES + " classes, not " + classes);
        }
    }

    /** A set of 32×32 images in one array, labelled with {@code classes} classes. */
    public ImageSet(byte[] pixels, byte[] labels, int classes) {
        this(pixels, labels, SIDE, classes);
    }

    /** A set of 32×32 images of {@value #CLASSES} classes, as CIFAR-10. */
    public ImageSet(byte[] pixels, byte[] labels) {
        this(pixels, labels, SIDE, CLASSES);
    }

    /** A set of {@code side}×{@code side} images in one array. */
    public ImageSet(byte[] pixels, byte[] labels, int side, int classes) {
        this(of(arrayStore(pixels, labels.length, side), widen(labels), side, classes));
    }

    private ImageSet(ImageSet other) {
        this(other.store, other.labels, other.view, other.side, other.classes);
    }

    private static PixelStore arrayStore(byte[] pixels, int count, int side) {
        int imageBytes = CHANNELS * side * side;
        if (pixels.length != (long) count * imageBytes) {
            throw new BadInputException(
                    "image data holds " + pixels.length + " bytes for " + count
                            + " labels; expected " + imageBytes + " bytes per image");
        }
        return new ArrayPixelStore(pixels, imageBytes);
    }

    private static int[] widen(byte[] labels) {
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = labels[i];
        }
        return out;
    }

    /** @return the number of images */
    public int size() {
        return view != null ? view.length : store.size();
    }

    /** @return whether the images have labels (false for {@link #unlabelled} ones) */
    public boolean labelled() {
        return labels != null;
    }

    /** @return image height and width in pixels */
    public int side() {
        return side;
    }

    /** @return bytes per image: 3 × side × side */
    public int imageBytes() {
        return CHANNELS * side * side;
    }

    /** @return number of classes the labels index */
    public int classes() {
        return classes;
    }

    /** @return the store the pixels are read from (shared by every view of it) */
    public PixelStore store() {
        return store;
    }

    /** Closes the store this set is a view of, and with it every other view of that store. */
    public void close() {
        store.close();
    }

    private int at(int i) {
        return view == null ? i : view[i];
    }

    /**
     * @return the label of image {@code i}
     * @throws IllegalStateException for unlabelled images
     */
    public int label(int i) {
        if (labels == null) {
            throw new IllegalStateException("these images have no labels: only a teacher-only objective trains on them");
        }
        return labels[at(i)];
    }

    /** Copies image {@code i} (CHW bytes) into {@code dst} from {@code offset}. */
    public void readImage(int i, byte[] dst, int offset) {
        store.read(at(i), dst, offset);
    }

    /** @return a copy of image {@code i}, CHW bytes */
    public byte[] image(int i) {
        byte[] out = new byte[imageBytes()];
        readImage(i, out, 0);
        return out;
    }

    /**
     * @return a copy of every image, one after another, for small sets (tests, exports)
     * @throws IllegalStateException if they do not fit one array
     */
    public byte[] pixels() {
        long total = (long) size() * imageBytes();
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(size() + " images do not fit one array: read them one by one");
        }
        byte[] out = new byte[(int) total];
        for (int i = 0; i < size(); i++) {
            readImage(i, out, i * imageBytes());
        }
        return out;
    }

    /** @return every label, in order */
    public int[] labels() {
        int[] out = new int[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = label(i);
        }
        return out;
    }

    /**
     * @param indices images to keep, in the order given
     * @return a view of those images over the same store; no pixels are copied
     */
    public ImageSet subset(int[] indices) {
        int[] picked = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            picked[k] = at(java.util.Objects.checkIndex(indices[k], size()));
        }
        return new ImageSet(store, labels, picked, side, classes);
    }

    /** @return the first {@code n} images (all if fewer), a view */
    public ImageSet head(int n) {
        int m = Math.max(0, Math.min(n, size()));
        int[] picked = new int[m];
        for (int k = 0; k < m; k++) {
            picked[k] = at(k);
        }
        return new ImageSet(store, labels, picked, side, classes);
    }

    /** Equal when side, classes, labels and every pixel are equal, wherever they are stored. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ImageSet other)
                || classes != other.classes
                || side != other.side
                || size() != other.size()
                || labelled() != other.labelled()
                || labelled() && !Arrays.equals(labels(), other.labels())) {
            return false;
        }
        byte[] a = new byte[imageBytes()];
        byte[] b = new byte[imageBytes()];
        for (int i = 0; i < size(); i++) {
            readImage(i, a, 0);
            other.readImage(i, b, 0);
            if (!Arrays.equals(a, b)) {
                return false;
            }
        }
        return true;
    }

    /** From side, classes and labels (or the size) only: cheap, and consistent with {@link #equals}. */
    @Override
    public int hashCode() {
        return (31 * (labelled() ? Arrays.hashCode(labels()) : size()) + side) * 31 + classes;
    }

    @Override
    public String toString() {
        return "ImageSet[" + size() + (labelled() ? "" : " unlabelled") + " images of " + side + "×" + side + ", "
                + classes + " classes]";
    }
}
