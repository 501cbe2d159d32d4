package dev.elementkit.tongrds.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RESP2 framing for {@link TongRdsProxy}: requests are read as argument lists (so that rules can look at them),
 * replies as raw bytes (so that they pass through untouched unless a rule rewrites them). Nothing here interprets
 * what a command means.
 */
final class RespStreams {

    /** Refuses frames larger than a real server would take, so that garbage cannot exhaust the test JVM. */
    private static final int MAX_BULK = 512 * 1024 * 1024;
    private static final int MAX_LINE = 64 * 1024;

    private RespStreams() {
    }

    /**
     * One request: a RESP array of bulk strings, or an inline command (a line split on blanks, as
     * {@code redis-cli} and {@code telnet} send). Null at the end of the stream.
     */
    static List<byte[]> readRequest(InputStream in) throws IOException {
        int first = in.read();
        while (first == '\r' || first == '\n') {
            first = in.read();
        }
        if (first < 0) {
            return null;
        }
        if (first != '*') {
            String line = (char) first + readLine(in);
            List<byte[]> args = new ArrayList<>();
            for (String word : line.trim().split("\\s+")) {
                if (!word.isEmpty()) {
                    args.add(word.getBytes(StandardCharsets.ISO_8859_1));
                }
            }
            return args;
        }
        int count = parseInt(readLine(in));
        List<byte[]> args = new ArrayList<>(Math.max(0, count));
        for (int i = 0; i < count; i++) {
            int type = in.read();
            if (type != '$') {
                throw new IOException("protocol error: expected '$', got " + describe(type));
            }
            int length = parseInt(readLine(in));
            if (length < 0 || length > MAX_BULK) {
                throw new IOException("protocol error: invalid bulk length " + length);
            }
            args.add(readExactly(in, length));
            expectCrlf(in);
        }
        return args;
    }

    /** One complete reply, nested arrays included, exactly as the server sent it. */
    static byte[] readReply(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        copyReply(in, raw);
        return raw.toByteArray();
    }

    private static void copyReply(InputStream in, ByteArrayOutputStream raw) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("the server closed the connection");
        }
        String line = readLine(in);
        raw.write(type);
        raw.writeBytes(line.getBytes(StandardCharsets.ISO_8859_1));
        raw.writeBytes(CRLF);
        switch (type) {
            case '+', '-', ':' -> {
                // a single line
            }
            case '$' -> {
                int length = parseInt(line);
                if (length >= 0) {
                    raw.writeBytes(readExactly(in, length));
                    expectCrlf(in);
                    raw.writeBytes(CRLF);
                }
            }
            case '*' -> {
                int count = parseInt(line);
                for (int i = 0; i < count; i++) {
                    copyReply(in, raw);
                }
            }
            default -> throw new IOException("protocol error: unexpected reply type " + describe(type));
        }
    }

    static final byte[] CRLF = {'\r', '\n'};

    /** A request as a RESP array of bulk strings. */
    static void writeRequest(OutputStream out, List<byte[]> args) throws IOException {
        out.write(("*" + args.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] arg : args) {
            out.write(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(arg);
            out.write(CRLF);
        }
    }

    /** An error reply: {@code -<message>\r\n}. */
    static byte[] error(String message) {
        return ("-" + message.replace('\r', ' ').replace('\n', ' ') + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A bulk string reply. */
    static byte[] bulk(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 16);
        out.writeBytes(("$" + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        out.writeBytes(CRLF);
        return out.toByteArray();
    }

    /** The text of a bulk string reply, or null when {@code raw} is something else. */
    static String bulkText(byte[] raw) {
        if (raw.length < 4 || raw[0] != '$' || raw[1] == '-') {
            return null;
        }
        int lineEnd = indexOf(raw, (byte) '\r');
        int bodyStart = lineEnd + 2;
        return new String(raw, bodyStart, raw.length - bodyStart - 2, StandardCharsets.UTF_8);
    }

    /** The strings of an array-of-bulk-strings reply, or null when {@code raw} is something else. */
    static List<String> bulkArray(byte[] raw) {
        try {
            java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(raw);
            if (in.read() != '*') {
                return null;
            }
            int count = parseInt(readLine(in));
            List<String> items = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (in.read() != '$') {
                    return null;
                }
                int length = parseInt(readLine(in));
                items.add(new String(readExactly(in, length), StandardCharsets.UTF_8));
                expectCrlf(in);
            }
            return items;
        } catch (IOException e) {
            return null;
        }
    }

    /** An array-of-bulk-strings reply. */
    static byte[] array(List<String> items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("*" + items.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        items.forEach(item -> out.writeBytes(bulk(item)));
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** A line without its CRLF; each byte becomes one char (ISO-8859-1), so that bytes survive a round trip. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("the connection closed in the middle of a line");
            }
            if (c == '\r') {
                int lf = in.read();
                if (lf != '\n') {
                    throw new IOException("protocol error: CR without LF");
                }
                return line.toString();
            }
            if (c == '\n') {
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("protocol error: line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) c);
        }
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException("the connection closed in the middle of a bulk string");
        }
        return bytes;
    }

    private static void expectCrlf(InputStream in) throws IOException {
        if (in.read() != '\r' || in.read() != '\n') {
            throw new IOException("protocol error: bulk string not followed by CRLF");
        }
    }

    private static int parseInt(String text) throws IOException {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IOException("protocol error: '" + text + "' is not a length");
        }
    }

    private static String describe(int b) {
        return b < 0 ? "end of stream" : "'" + (char) b + "'";
    }
}
