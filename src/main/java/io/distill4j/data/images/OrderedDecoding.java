package io.distill4j.data.images;

import io.distill4j.progress.Progress;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Decodes a stream of encoded images on a fixed pool of threads and hands the results over in the
 * stream's order, with a bounded window of images in flight (four per thread): the memory it takes
 * is that window's, whatever the number of images. The stream is read on the calling thread.
 */
public final class OrderedDecoding {
    /** One decoded image, or why it could not be. */
    public record Decoded(byte[] pixels, ImageDecoder.UndecodableException failure) {}

    /** Decodes one input. */
    public interface Decoder<T> {
        /** @return the CHW pixels of {@code input} */
        byte[] decode(T input) throws ImageDecoder.UndecodableException;
    }

    /** Takes each input with its decoding, in the stream's order. */
    public interface Sink<T> {
        /** @throws IOException if the result cannot be stored */
        void accept(T input, Decoded decoded) throws IOException;
    }

    private OrderedDecoding() {}

    /**
     * @param inputs the encoded images, read on this thread
     * @param threads decoding threads
     * @param decoder decodes one (on a pool thread)
     * @param sink takes each result in order (on this thread)
     * @param bar advanced by one per image handed over
     * @throws IOException if the sink fails or decoding is interrupted; the unchecked exceptions of
     *     the inputs, the decoder and the sink are rethrown
     */
    public static <T> void run(Iterator<T> inputs, int threads, Decoder<T> decoder, Sink<T> sink, Progress.Task bar)
            throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "distill4j-decode");
            t.setDaemon(true);
            return t;
        });
        record InFlight<T>(T input, Future<Decoded> result) {}
        ArrayDeque<InFlight<T>> window = new ArrayDeque<>();
        try {
            while (true) {
                while (window.size() < 4 * threads && inputs.hasNext()) {
                    T input = inputs.next();
                    window.add(new InFlight<>(input, pool.submit(() -> decode(decoder, input))));
                }
                InFlight<T> oldest = window.poll();
                if (oldest == null) {
                    return;
                }
                sink.accept(oldest.input(), await(oldest.result()));
                bar.advance(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> Decoded decode(Decoder<T> decoder, T input) {
        try {
            return new Decoded(decoder.decode(input), null);
        } catch (ImageDecoder.UndecodableException e) {
            return new Decoded(null, e);
        }
    }

    /**
     * @param future work of a decoding pool
     * @return its result
     * @throws IOException if it was interrupted or failed with a checked exception; its unchecked ones are rethrown
     */
    static <T> T await(Future<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while decoding images", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IOException(e.getCause());
        }
    }
}
