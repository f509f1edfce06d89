package dev.jury.testsupport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Checks that a service answers only on 127.0.0.1, not on the host's other addresses. */
final class LoopbackAssertions {

    private LoopbackAssertions() {}

    static void assertNotReachableOffLoopback(int port)
            throws SocketException, UnknownHostException {
        List<InetAddress> others = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                // Link-local addresses need a scope and say nothing about a wildcard bind.
                if (!address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    others.add(address);
                }
            }
        }
        // A server bound to 'localhost' or '*' would answer on IPv6 loopback as well.
        others.add(InetAddress.getByName("::1"));
        for (InetAddress address : others) {
            assertThatThrownBy(
                            () -> {
                                try (Socket socket = new Socket()) {
                                    socket.connect(new InetSocketAddress(address, port), 1000);
                                }
                            })
                    .as("connect to %s port %d", address, port)
                    .isInstanceOf(IOException.class);
        }
    }
}
