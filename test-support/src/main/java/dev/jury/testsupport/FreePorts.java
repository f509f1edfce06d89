package dev.jury.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks free TCP ports on 127.0.0.1 by letting the kernel choose one (bind to port 0).
 *
 * <p>There is an unavoidable window between closing the probe socket and the service binding the
 * port; on a test machine that is acceptable, and far better than fixed ports that collide.
 */
public final class FreePorts {

    private FreePorts() {}

    /** One free port on 127.0.0.1. */
    public static int find() {
        return find(1)[0];
    }

    /**
     * {@code count} distinct free ports on 127.0.0.1.
     *
     * <p>All probe sockets stay open until every port is chosen, so the kernel cannot hand out the
     * same port twice.
     */
    public static int[] find(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive: " + count);
        }
        List<ServerSocket> sockets = new ArrayList<>(count);
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                // Without SO_REUSEADDR the port could sit in TIME_WAIT when the service binds it.
                socket.setReuseAddress(true);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // A probe socket that fails to close still freed its port with the JVM's fd.
                }
            }
        }
    }
}
