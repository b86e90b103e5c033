package io.distill4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** TCP ports for tests that start a c10d rendezvous. */
public final class FreePorts {
    private FreePorts() {}

    /**
     * @return a loopback port no socket uses, listening or connected: bound without {@code SO_REUSEADDR},
     *     which Java sets by default and which lets the kernel hand out the local port of a live connection
     *     (c10d's server, which binds without sharing, would then fail with EADDRINUSE)
     */
    public static int get() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
