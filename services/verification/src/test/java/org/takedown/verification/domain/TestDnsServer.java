package org.takedown.verification.domain;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real DNS server on a loopback UDP port, authoritative for a test zone: answers TXT queries
 * for the names it holds, NXDOMAIN for others, and nothing at all for names told to stay silent
 * (to test time-outs). Just enough of RFC 1035 for TXT.
 */
final class TestDnsServer implements AutoCloseable {

    private static final int TYPE_TXT = 16;

    private final DatagramSocket socket;
    private final Map<String, List<String>> txt = new ConcurrentHashMap<>();
    private final Set<String> silent = ConcurrentHashMap.newKeySet();
    private final Thread worker;

    TestDnsServer() throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        worker = new Thread(this::serve, "test-dns");
        worker.setDaemon(true);
        worker.start();
    }

    String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    void txt(String name, String... values) {
        txt.put(name.toLowerCase(Locale.ROOT), List.of(values));
    }

    void silent(String name) {
        silent.add(name.toLowerCase(Locale.ROOT));
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket query = new DatagramPacket(buffer, buffer.length);
                socket.receive(query);
                byte[] answer = answer(ByteBuffer.wrap(query.getData(), 0, query.getLength()));
                if (answer != null) {
                    socket.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
                }
            } catch (IOException | RuntimeException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private byte[] answer(ByteBuffer query) {
        short id = query.getShort(0);
        int position = 12;
        StringBuilder name = new StringBuilder();
        int length;
        while ((length = query.get(position) & 0xFF) != 0) {
            if (!name.isEmpty()) {
                name.append('.');
            }
            name.append(new String(query.array(), query.arrayOffset() + position + 1, length, StandardCharsets.US_ASCII));
            position += length + 1;
        }
        int questionEnd = position + 1 + 4;
        int type = query.getShort(position + 1) & 0xFFFF;
        String key = name.toString().toLowerCase(Locale.ROOT);
        if (silent.contains(key)) {
            return null;
        }
        List<String> values = type == TYPE_TXT ? txt.get(key) : null;

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(12);
        header.putShort(id);
        header.putShort((short) (values == null && !txt.containsKey(key) ? 0x8403 : 0x8400)); // response, authoritative, NXDOMAIN or OK
        header.putShort((short) 1).putShort((short) (values == null ? 0 : 1)).putShort((short) 0).putShort((short) 0);
        out.writeBytes(header.array());
        out.write(query.array(), query.arrayOffset() + 12, questionEnd - 12);
        if (values != null) {
            ByteArrayOutputStream rdata = new ByteArrayOutputStream();
            for (String value : values) {
                byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
                rdata.write(bytes.length);
                rdata.writeBytes(bytes);
            }
            ByteBuffer record = ByteBuffer.allocate(12 + rdata.size());
            record.putShort((short) 0xC00C).putShort((short) TYPE_TXT).putShort((short) 1).putInt(60)
                    .putShort((short) rdata.size()).put(rdata.toByteArray());
            out.writeBytes(record.array());
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        socket.close();
    }
}
