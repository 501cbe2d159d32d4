package dev.elementkit.memcached;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One blocking text-protocol connection to one server, for what the client library does not offer: Memcached
 * 1.6's meta commands ({@code mg} with TTL and CAS, {@code ms} with CAS and a TTL of our choosing), the key dump
 * ({@code lru_crawler metadump}), and the settings and version for Test Connection. One caller at a time (the
 * methods are synchronized); an I/O failure closes the socket and the next call opens a new one.
 */
final class MetaConnection implements AutoCloseable {

    /** A value with its remaining TTL in seconds (-1: none) and its CAS token. */
    record MetaValue(String value, long ttlSeconds, long cas) {
    }

    /** A key found by the dump, with its expiry in epoch seconds (-1: none). */
    record DumpedKey(String key, long expiresAtSeconds) {
    }

    /** What {@code ms} answered. */
    enum StoreResult { STORED, NOT_STORED, CAS_MISMATCH, NOT_FOUND }

    /** The server refused the credentials, or wants some. */
    static final class AuthenticationException extends IOException {
        AuthenticationException(String message) {
            super(message);
        }
    }

    /** The server answered something this client does not understand (an old Memcached without meta commands). */
    static final class ProtocolException extends IOException {
        ProtocolException(String message) {
            super(message);
        }
    }

    private static final long THIRTY_DAYS_SECONDS = 30L * 24 * 3600;

    private final ServerAddress address;
    private final MemcachedTarget target;
    private final Duration connectTimeout;
    private final Duration timeout;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    MetaConnection(ServerAddress address, MemcachedTarget target, Duration connectTimeout, Duration timeout) {
        this.address = address;
        this.target = target;
        this.connectTimeout = connectTimeout;
        this.timeout = timeout;
    }

    ServerAddress address() {
        return address;
    }

    /**
     * Memcached's exptime for a TTL: 0 for none, whole seconds (rounded up, at least 1) for up to 30 days, and an
     * epoch time beyond that, because the server reads larger numbers as one.
     */
    static long exptime(Duration ttl) {
        if (ttl == null) {
            return 0;
        }
        long seconds = Math.max(1, (ttl.toMillis() + 999) / 1000);
        return seconds <= THIRTY_DAYS_SECONDS ? seconds : System.currentTimeMillis() / 1000 + seconds;
    }

    /** Opens the connection (and authenticates) unless it is open. */
    synchronized void connect() throws IOException {
        if (socket != null) {
            return;
        }
        Socket opened = new Socket();
        try {
            opened.setTcpNoDelay(true);
            opened.connect(new InetSocketAddress(address.host(), address.port()), (int) connectTimeout.toMillis());
            opened.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            socket = opened;
            in = new BufferedInputStream(opened.getInputStream());
            out = opened.getOutputStream();
            if (target.authenticates()) {
                authenticate();
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            opened.close();
            throw e;
        }
    }

    /** The value, its TTL and CAS token, or null when missing or expired. */
    synchronized MetaValue get(String key) throws IOException {
        String line = call("mg " + key + " v t c\r\n");
        if (line.equals("EN")) {
            return null;
        }
        String[] parts = expect(line, "VA");
        byte[] data = readBlock(Integer.parseInt(parts[1]));
        return new MetaValue(new String(data, StandardCharsets.UTF_8), flag(parts, 't'), flag(parts, 'c'));
    }

    /** Seconds left, -1 for no expiry, -2 when missing. */
    synchronized long ttlSeconds(String key) throws IOException {
        String line = call("mg " + key + " t\r\n");
        if (line.equals("EN")) {
            return -2;
        }
        return flag(expect(line, "HD"), 't');
    }

    /**
     * Stores a value with {@code exptime} (see {@link #exptime}); only when the key is missing if {@code addOnly},
     * only when its CAS token is still {@code cas} if {@code cas} is not 0.
     */
    synchronized StoreResult set(String key, String value, long exptime, long cas, boolean addOnly)
            throws IOException {
        byte[] data = value.getBytes(StandardCharsets.UTF_8);
        String line = call("ms " + key + " " + data.length + " T" + exptime + (cas != 0 ? " C" + cas : "")
                + (addOnly ? " ME" : "") + "\r\n", data);
        return switch (line) {
            case "HD" -> StoreResult.STORED;
            case "NS" -> StoreResult.NOT_STORED;
            case "EX" -> StoreResult.CAS_MISMATCH;
            case "NF" -> StoreResult.NOT_FOUND;
            default -> throw unexpected(line);
        };
    }

    /** Deletes; true when the key existed. */
    synchronized boolean delete(String key) throws IOException {
        String line = call("md " + key + "\r\n");
        if (line.equals("HD") || line.equals("NF")) {
            return line.equals("HD");
        }
        throw unexpected(line);
    }

    /**
     * Every key the server holds, with its expiry (the LRU crawler walks the whole cache: for listing keys, not
     * for hot paths). The server runs one crawl at a time, so a busy crawler is waited for, within the timeout.
     */
    synchronized List<DumpedKey> dumpKeys() throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos() * 10;
        while (true) {
            connect();
            try {
                send("lru_crawler metadump all\r\n".getBytes(StandardCharsets.UTF_8), null);
                List<DumpedKey> keys = new ArrayList<>();
                String line = readLine();
                if (line.startsWith("BUSY")) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException(address + " kept its LRU crawler busy: " + line);
                    }
                    Thread.sleep(20);
                    continue;
                }
                while (!line.equals("END")) {
                    if (line.startsWith("ERROR") || line.startsWith("CLIENT_ERROR")) {
                        throw new ProtocolException(address + " refused lru_crawler metadump: " + line
                                + " (key dumps disabled, or a Memcached older than 1.4.31?)");
                    }
                    keys.add(dumped(line));
                    line = readLine();
                }
                return keys;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while listing the keys of " + address, e);
            } catch (IOException e) {
                closeQuietly();
                throw e;
            }
        }
    }

    /** {@code stats} or {@code stats <group>} as a map. */
    synchronized Map<String, String> stats(String group) throws IOException {
        String line = call(group.isEmpty() ? "stats\r\n" : "stats " + group + "\r\n");
        Map<String, String> stats = new LinkedHashMap<>();
        try {
            while (!line.equals("END")) {
                String[] parts = expect(line, "STAT");
                stats.put(parts[1], parts.length > 2 ? parts[2] : "");
                line = readLine();
            }
        } catch (IOException e) {
            closeQuietly();
            throw e;
        }
        return stats;
    }

    synchronized String version() throws IOException {
        return expect(call("version\r\n"), "VERSION")[1];
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }

    private void authenticate() throws IOException {
        // Memcached's text authentication is a "set" whose data is "user password". A server started without -Y
        // takes that for an ordinary write: the credentials would sit in the cache as a plain key, readable by
        // anyone who can reach it, and the login would look successful. So first ask whether the server wants a
        // login at all: an unauthenticated command answers "CLIENT_ERROR unauthenticated" only when it does.
        send("version\r\n".getBytes(StandardCharsets.UTF_8), null);
        String probe = readLine();
        if (probe.startsWith("VERSION")) {
            throw new AuthenticationException(address + " does not ask for authentication (memcached runs without"
                    + " -Y), so the username and password would be stored in it as an ordinary key: remove them"
                    + " from the configuration, or start memcached with -Y");
        }
        if (!probe.startsWith("CLIENT_ERROR unauthenticated")) {
            throw new AuthenticationException(address + " answered the authentication probe with '" + probe + "'");
        }
        byte[] credentials = (target.username() + " " + target.password().reveal()).getBytes(StandardCharsets.UTF_8);
        send(("set elementkit-auth 0 0 " + credentials.length + "\r\n").getBytes(StandardCharsets.UTF_8), credentials);
        String line = readLine();
        if (!line.equals("STORED")) {
            throw new AuthenticationException(address + " refused the username or password (" + line + ")");
        }
    }

    /** Sends one command and reads its first line; closes the connection on any failure. */
    private String call(String command, byte[] data) throws IOException {
        connect();
        try {
            send(command.getBytes(StandardCharsets.UTF_8), data);
            String line = readLine();
            if (line.startsWith("CLIENT_ERROR unauthenticated")) {
                throw new AuthenticationException(address + " requires authentication: set username and password");
            }
            return line;
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    private String call(String command) throws IOException {
        return call(command, null);
    }

    private void send(byte[] command, byte[] data) throws IOException {
        out.write(command);
        if (data != null) {
            out.write(data);
            out.write('\r');
            out.write('\n');
        }
        out.flush();
    }

    /** One line without its end; lines end in CRLF, except metadump's key lines, which end in LF alone. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(address + " closed the connection");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }

    private byte[] readBlock(int length) throws IOException {
        try {
            byte[] data = in.readNBytes(length + 2);
            if (data.length != length + 2) {
                throw new EOFException(address + " closed the connection inside a value");
            }
            return java.util.Arrays.copyOf(data, length);
        } catch (IOException e) {
            closeQuietly();
            throw e;
        }
    }

    private String[] expect(String line, String head) throws IOException {
        String[] parts = line.split(" ");
        if (!parts[0].equals(head)) {
            closeQuietly();
            throw unexpected(line);
        }
        return parts;
    }

    private ProtocolException unexpected(String line) {
        if (line.equals("ERROR")) {
            return new ProtocolException(address + " does not know Memcached 1.6's meta commands: upgrade it to "
                    + "1.6 or newer");
        }
        return new ProtocolException(address + " answered '" + line + "'");
    }

    private static long flag(String[] parts, char name) {
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].isEmpty() && parts[i].charAt(0) == name) {
                return Long.parseLong(parts[i].substring(1));
            }
        }
        return 0;
    }

    private static DumpedKey dumped(String line) {
        String key = null;
        long exp = -1;
        for (String field : line.split(" ")) {
            if (field.startsWith("key=")) {
                key = URLDecoder.decode(field.substring(4), StandardCharsets.UTF_8);
            } else if (field.startsWith("exp=")) {
                exp = Long.parseLong(field.substring(4));
            }
        }
        return new DumpedKey(key, exp);
    }

    private void closeQuietly() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing a broken connection: nothing to do.
            }
        }
        socket = null;
        in = null;
        out = null;
    }
}
