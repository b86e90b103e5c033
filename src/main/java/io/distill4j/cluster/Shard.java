package io.distill4j.cluster;

/**
 * One process's contiguous part of a global batch: rows {@code [from, to)} of {@code total}. The
 * batch is cut as PyTorch's {@code DataParallel} cuts it: rank r of k holds rows {@code ⌊n·r/k⌋} to
 * {@code ⌊n·(r+1)/k⌋}, so the parts differ by at most one row and follow each other in rank order.
 *
 * @param from first row
 * @param to end (exclusive)
 * @param total rows of the global batch
 * @param rows rows held by each rank, by rank
 */
public record Shard(int from, int to, int total, long[] rows) {
    /**
     * @param rank this process
     * @param ranks processes
     * @param total rows of the global batch
     * @return rank {@code rank}'s part
     */
    public static Shard of(int rank, int ranks, int total) {
        long[] rows = new long[ranks];
        for (int r = 0; r < ranks; r++) {
            rows[r] = bound(r + 1, ranks, total) - bound(r, ranks, total);
        }
        return new Shard(bound(rank, ranks, total), bound(rank + 1, ranks, total), total, rows);
    }

    private static int bound(int r, int ranks, int total) {
        return (int) ((long) total * r / ranks);
    }

    /** @return rows this process holds */
    public int size() {
        return to - from;
    }

    /** @return true where some rank holds no row (a global batch smaller than the number of processes) */
    public boolean anyEmpty() {
        return total < rows.length;
    }

    /** @return this part's share of the batch, the weight of its mean loss in the batch's mean */
    public double weight() {
        return (double) size() / total;
    }
}
