package org.profid365.migrator;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.util.Optional;

/** Addresses of this machine for tests of what listens where. */
public final class HostAddresses {

    private HostAddresses() {
    }

    /** An IPv4 address of this machine other than loopback; the development machines and CI have one. */
    public static Optional<InetAddress> nonLoopback() throws SocketException {
        return NetworkInterface.networkInterfaces().filter(HostAddresses::upAndNotLoopback)
                .flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address).findFirst();
    }

    /** A port nobody listens on at the moment of asking. */
    public static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean upAndNotLoopback(NetworkInterface i) {
        try {
            return i.isUp() && !i.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
