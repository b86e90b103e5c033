package io.distill4j.cluster;

import io.distill4j.AtomicFiles;
import io.distill4j.engine.Torch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.AbstractTensor;
import org.bytedeco.pytorch.AllreduceOptions;
import org.bytedeco.pytorch.ProcessGroupGloo;
import org.bytedeco.pytorch.Store;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.TCPStoreOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * The processes of one training job, joined through PyTorch's c10d: a {@code TCPStore} served by
 * rank 0 for the rendezvous and a Gloo process group for the collectives (sums, broadcasts and
 * gathers of CPU tensors over TCP; tensors on a GPU are copied through the host). Every collective
 * must be called by every process in the same order. A process that dies or cannot be reached makes
 * the others' next collective fail with a {@link ClusterException} naming this rank, at once where
 * the peer's socket closes, else after the spec's timeout.
 */
public final class Cluster implements AutoCloseable {
    /** Bytes per gradient bucket, as PyTorch DDP's default {@code bucket_cap_mb}. */
    static final long BUCKET_BYTES = 25L << 20;

    private final ClusterSpec spec;
    private final TCPStore store;
    private final Store shared;
    private final ProcessGroupGloo group;
    private long collectives;
    private long bytes;
    private long nanos;

    private Cluster(ClusterSpec spec, TCPStore store, Store shared, ProcessGroupGloo group) {
        this.spec = spec;
        this.store = store;
        this.shared = shared;
        this.group = group;
    }

    /**
     * Joins the job: rank 0 serves the rendezvous on the master port, the others connect to it;
     * returns once every process has joined.
     *
     * @param spec this process's place in the job, with {@link ClusterSpec#distributed()} true
     * @return the joined group
     * @throws ClusterException if the others do not join within the timeout or the port is taken
     */
    public static Cluster join(ClusterSpec spec) {
        Torch.start();
        Milliseconds timeout = new Milliseconds(spec.timeoutSeconds() * 1000L);
        TCPStore store = null;
        try {
            TCPStoreOptions options = new TCPStoreOptions();
            options.port((short) spec.masterPort());
            options.isServer(spec.rank() == 0);
            options.waitWorkers(false);
            options.timeout(timeout);
            store = new TCPStore(spec.masterAddress(), options);
            // The process group takes an intrusive_ptr to its store. JavaCPP's constructor gives a plain
            // object, which that conversion would adopt and free behind Java's back (a double free that
            // corrupted the heap); clone() returns a reference-counted client of the same store.
            Store shared = store.clone();
            ProcessGroupGloo.Options gloo = ProcessGroupGloo.Options.create(timeout);
            gloo.devices().push_back(device(spec.masterAddress()));
            return new Cluster(spec, store, shared, new ProcessGroupGloo(shared, spec.rank(), spec.nodes(), gloo));
        } catch (RuntimeException e) {
            if (store != null) {
                store.close();
            }
            throw new ClusterException("rank " + spec.rank() + " of " + spec.nodes() + " could not join the job at "
                    + spec.masterAddress() + ":" + spec.masterPort() + " (" + e.getMessage() + "): start every rank"
                    + " with the same --nodes, --master-addr and --master-port, rank 0 on that host, within "
                    + spec.timeoutSeconds() + " s of each other, with the port free", e);
        }
    }

    /**
     * Gloo's network device: the loopback interface where rank 0 is local, else {@code
     * GLOO_SOCKET_IFNAME}'s interface where it is set, else the address this host's name resolves to.
     */
    private static org.bytedeco.pytorch.gloo.Device device(String master) {
        if (master.equals("localhost") || master.startsWith("127.")) {
            return ProcessGroupGloo.createDeviceForHostname("127.0.0.1");
        }
        String iface = System.getenv("GLOO_SOCKET_IFNAME");
        return iface != null && !iface.isBlank() ? ProcessGroupGloo.createDeviceForInterface(iface)
                : ProcessGroupGloo.createDefaultDevice();
    }

    /** @return this process's rank */
    public int rank() {
        return spec.rank();
    }

    /** @return the number of processes */
    public int size() {
        return spec.nodes();
    }

    /** @return the spec this process joined with */
    public ClusterSpec spec() {
        return spec;
    }

    /**
     * Replaces each tensor by its sum over all processes, in buckets of at most {@link
     * #BUCKET_BYTES} (one flat tensor per bucket, one collective each). The sum is the same bit for
     * bit on every process.
     *
     * @param tensors tensors of the same shapes, dtypes and order on every process
     */
    public void sum(List<Tensor> tensors) {
        exchange("sum", tensors, all -> group.allreduce(new TensorVector(all), new AllreduceOptions())._wait());
    }

    /**
     * Runs one collective per bucket of at most {@link #BUCKET_BYTES} of one dtype: the bucket's tensors
     * flattened into one host tensor, {@code op} on it, the result copied back into each tensor.
     */
    private void exchange(String what, List<Tensor> tensors, Consumer<Tensor> op) {
        int from = 0;
        while (from < tensors.size()) {
            int to = from;
            long bytes = 0;
            // JavaCPP returns a new ScalarType object per call: compare the values, not the objects.
            while (to < tensors.size() && (to == from || (bytes + tensors.get(to).nbytes() <= BUCKET_BYTES
                    && tensors.get(to).scalar_type().value == tensors.get(from).scalar_type().value))) {
                bytes += tensors.get(to).nbytes();
                to++;
            }
            List<Tensor> bucket = tensors.subList(from, to);
            TensorVector flat = new TensorVector();
            for (Tensor t : bucket) {
                flat.push_back(t.reshape(-1));
            }
            Tensor all = host(bucket.size() == 1 ? flat.get(0).clone() : torch.cat(flat));
            collective(what, all.nbytes(), () -> op.accept(all));
            long at = 0;
            for (Tensor t : bucket) {
                long n = t.numel();
                t.copy_(all.narrow(0, at, n).view_as(t));
                at += n;
            }
            from = to;
        }
    }

    /**
     * @param values this process's values
     * @return their sums over all processes, as float64
     */
    public double[] sum(double... values) {
        Tensor t = AbstractTensor.create(values);
        sum(List.of(t));
        double[] out = new double[values.length];
        ((java.nio.DoubleBuffer) t.createBuffer()).get(out);
        return out;
    }

    /**
     * Overwrites each tensor with rank 0's (batch-norm statistics, the settings, a shared file), in the
     * buckets {@link #sum(List)} uses.
     *
     * @param tensors tensors of the same shapes and order on every process
     */
    public void broadcast(List<Tensor> tensors) {
        exchange("broadcast", tensors, all -> group.broadcast(new TensorVector(all))._wait());
    }

    /**
     * @param mine rank 0's bytes (ignored on the others), or {@code null} for none
     * @return rank 0's bytes on every process, or {@code null} where rank 0 had none
     */
    public byte[] broadcast(byte[] mine) {
        boolean root = rank() == 0;
        Tensor length = AbstractTensor.create(new long[] {root && mine != null ? mine.length : -1});
        broadcast(List.of(length));
        long n = length.item_long();
        if (n < 0) {
            return null;
        }
        Tensor bytes = root ? AbstractTensor.create(mine, false) : AbstractTensor.create(new byte[(int) n], false);
        broadcast(List.of(bytes));
        byte[] out = new byte[(int) n];
        ((java.nio.ByteBuffer) bytes.createBuffer()).get(out);
        return out;
    }

    /**
     * Gives every process rank 0's copy of a file, e.g. the checkpoint a restarted job resumes from:
     * the file is replaced by rank 0's (atomically), or deleted where rank 0 has none.
     *
     * @param file the file, at the path each process uses
     * @throws UncheckedIOException if it cannot be read or written
     */
    public void share(Path file) {
        try {
            byte[] ours = broadcast(rank() == 0 && Files.exists(file) ? Files.readAllBytes(file) : null);
            if (rank() != 0) {
                if (ours == null) {
                    Files.deleteIfExists(file);
                } else {
                    AtomicFiles.write(file, ours);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rank " + rank() + " cannot share " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Concatenates every process's rows along the first dimension, in rank order; the result records no
     * gradient. Each process's part is placed in a zero tensor of the whole size and the parts are summed,
     * so the shards may differ in length.
     *
     * @param mine this process's rows, on the CPU
     * @param rows how many rows each rank holds, by rank
     * @return all rows {@code (Σ rows, …)}
     */
    public Tensor gather(Tensor mine, long[] rows) {
        long total = 0;
        long before = 0;
        for (int r = 0; r < rows.length; r++) {
            before += r < rank() ? rows[r] : 0;
            total += rows[r];
        }
        long[] shape = mine.sizes().vec().get();
        shape[0] = total;
        Tensor all = torch.zeros(shape, new org.bytedeco.pytorch.TensorOptions(mine.scalar_type()));
        if (rows[rank()] > 0) {
            all.narrow(0, before, rows[rank()]).copy_(mine.detach());
        }
        sum(List.of(all));
        return all;
    }

    private static Tensor host(Tensor t) {
        return t.is_cuda() ? t.cpu() : t;
    }

    private void collective(String what, long size, Runnable call) {
        long start = System.nanoTime();
        try {
            call.run();
            collectives++;
            bytes += size;
            nanos += System.nanoTime() - start;
        } catch (RuntimeException e) {
            throw new ClusterException("rank " + rank() + " of " + size() + ": the " + what + " with the other ranks"
                    + " failed (" + firstLine(e.getMessage()) + "): another process of the job stopped or cannot be"
                    + " reached; start every rank again: the run resumes from its last checkpoint", e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int cut = message.indexOf('\n');
        return (cut < 0 ? message : message.substring(0, cut)).replaceAll("^\\[[^\\]]*/gloo/", "[gloo/");
    }

    /**
     * @return what this process has exchanged so far: collectives, bytes reduced or broadcast, and the
     *     seconds spent in them (waiting for the slowest process included). Gloo's ring sum sends
     *     2·(n−1)/n of a tensor's bytes from each of n processes, a broadcast up to all of them.
     */
    public String traffic() {
        return String.format(java.util.Locale.ROOT, "rank %d of %d: %,d collectives, %,.1f MB summed or broadcast,"
                + " %,.1f s in them", rank(), size(), collectives, bytes / 1e6, nanos / 1e9);
    }

    /** @return collectives this process has taken part in, for tests */
    long collectives() {
        return collectives;
    }

    /** Leaves the group; rank 0 stops serving the rendezvous. */
    @Override
    public void close() {
        group.close();
        shared.close();
        store.close();
    }
}
