package com.speedy.push.ssh;

import com.jcraft.jsch.agentproxy.USocketFactory;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * jsch-agent-proxy's socket to ssh-agent, on the JDK's own Unix-domain sockets (Java 16 and later) instead of its JNA
 * or {@code nc} connectors: no native library to unpack, no program to find.
 */
final class UnixSocketFactory implements USocketFactory {
    @Override
    public Socket open(String path) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new Socket() {
            @Override
            public int readFull(byte[] buf, int start, int length) throws IOException {
                ByteBuffer into = ByteBuffer.wrap(buf, start, length);
                while (into.hasRemaining()) {
                    if (channel.read(into) < 0) {
                        throw new EOFException("ssh-agent at " + path + " closed the connection mid-answer");
                    }
                }
                return length;
            }

            @Override
            public void write(byte[] buf, int start, int length) throws IOException {
                ByteBuffer from = ByteBuffer.wrap(buf, start, length);
                while (from.hasRemaining()) {
                    channel.write(from);
                }
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }
}
