package dev.elementkit.tongrds.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A byte-level RESP2 client for the proxy's tests: sends exactly the frames a test writes and returns replies
 * as raw text, so that error wording and framing can be asserted. The test closes it.
 */
final class RawRespClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawRespClient(String host, int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 2000);
        socket.setSoTimeout(5000);
        in = new BufferedInputStream(socket.getInputStream());
        out = new BufferedOutputStream(socket.getOutputStream());
    }

    /** Sends one command and returns its raw reply. */
    String call(String... args) throws IOException {
        send(args);
        return reply();
    }

    /** Sends one command without waiting. */
    void send(String... args) throws IOException {
        List<byte[]> bytes = new ArrayList<>();
        Arrays.stream(args).forEach(a -> bytes.add(a.getBytes(StandardCharsets.UTF_8)));
        RespStreams.writeRequest(out, bytes);
        out.flush();
    }

    /** Sends bytes as they are (inline commands, pipelines). */
    void sendRaw(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next reply, raw. */
    String reply() throws IOException {
        return new String(RespStreams.readReply(in), StandardCharsets.UTF_8);
    }

    /** -1 when the server closed the connection. */
    int readByte() throws IOException {
        return in.read();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
