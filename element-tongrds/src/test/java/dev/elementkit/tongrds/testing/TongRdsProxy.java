package dev.elementkit.tongrds.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TongRDS-behaving front for tests: no TongRDS server can be had here, so this proxy stands on a free loopback
 * port before a real {@code redis-server} and does what the vendor documents for TongRDS V2.2's Redis emulation
 * port (REFERENCE.md §4):
 * <ul>
 *   <li>{@code HELLO}, and every command outside {@link VendorCommands}, is answered the way a Redis 3.2 server
 *       answers a command it does not know: {@code -ERR unknown command 'HELLO'}; nothing reaches the backend;</li>
 *   <li>{@code INFO} reports {@code redis_version:3.2.13} and adds {@code TongRDS_Version} under {@code # Server};</li>
 *   <li>authentication is password-only: {@code AUTH user pass} is a wrong number of arguments, and a wrong
 *       password is {@code -ERR invalid password}, as before Redis 6;</li>
 *   <li>{@code SCAN} can be switched off ({@link #rejectScan}), since the vendor's own tests contradict its list.</li>
 * </ul>
 * Everything else is relayed unchanged. Requests from one client are forwarded as they come (pipelining works)
 * and replies go back in order; after a {@code SUBSCRIBE} the connection becomes a plain relay, as pushed
 * messages have no request to pair with. Every command name is counted ({@link #commandsSeen()}) and every
 * rejection recorded ({@link #rejected()}), so a test can prove what a client did and did not send.
 *
 * <p>For sentinel mode, {@link #startSentinelFront} stands before a {@code redis-server --sentinel} and hands out
 * the service node's front as the master's address, so that an element finds the master through the sentinel and
 * still talks to it through a TongRDS front, while the sentinel watches the real master.
 *
 * <p>The test that starts a proxy owns it and closes it, which closes every connection it relays. Thread-safe.
 */
public final class TongRdsProxy implements AutoCloseable {

    /** What {@code INFO} reports as {@code redis_version}. */
    public static final String REDIS_VERSION = "3.2.13";

    /** What {@code INFO} reports as {@code TongRDS_Version}. */
    public static final String TONGRDS_VERSION = "2.2.1.3";

    private static final Logger LOG = LoggerFactory.getLogger(TongRdsProxy.class);
    private static final Set<String> WITH_SUBCOMMAND = Set.of("CLUSTER", "CLIENT", "CONFIG", "COMMAND", "SENTINEL");

    /** What the proxy stands in for. */
    private enum Role {
        /** A TongRDS service node's Redis emulation port. */
        SERVICE_NODE,
        /** A TongRDS sentinel, which hands out the service nodes' addresses. */
        SENTINEL
    }

    private final Role role;
    private final Map<String, String> masterAddresses;
    private final InetSocketAddress backend;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final Map<String, LongAdder> seen = new ConcurrentHashMap<>();
    private final List<String> rejected = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean rejectScan;
    private volatile boolean closed;

    private TongRdsProxy(Role role, Map<String, String> masterAddresses, InetSocketAddress backend,
                         ServerSocket server) {
        this.role = role;
        this.masterAddresses = Map.copyOf(masterAddresses);
        this.backend = backend;
        this.server = server;
        this.acceptor = new Thread(this::acceptLoop, "tongrds-proxy-" + server.getLocalPort() + "-accept");
        acceptor.setDaemon(true);
    }

    /**
     * Starts a proxy on a free port of 127.0.0.1 in front of the Redis server at {@code backendHost:backendPort}.
     * Each client connection gets its own connection to the backend, opened when the client connects.
     */
    public static TongRdsProxy start(String backendHost, int backendPort) throws IOException {
        return start(Role.SERVICE_NODE, Map.of(), backendHost, backendPort);
    }

    /**
     * Starts a sentinel front on a free port of 127.0.0.1 before the {@code redis-server --sentinel} at
     * {@code sentinelHost:sentinelPort}: it relays everything (sentinel commands are the sentinel's business, not
     * the service node's command list) except {@code HELLO}, and answers {@code SENTINEL get-master-addr-by-name}
     * with the service node's front instead of the Redis master behind it, as a TongRDS sentinel hands out its
     * own service nodes. The sentinel itself keeps watching the real master directly.
     *
     * @param masterFronts {@code host:port} of a master as the sentinel reports it → {@code host:port} to hand out
     */
    public static TongRdsProxy startSentinelFront(String sentinelHost, int sentinelPort,
                                                  Map<String, String> masterFronts) throws IOException {
        return start(Role.SENTINEL, masterFronts, sentinelHost, sentinelPort);
    }

    private static TongRdsProxy start(Role role, Map<String, String> masterAddresses, String backendHost,
                                      int backendPort) throws IOException {
        ServerSocket server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        TongRdsProxy proxy = new TongRdsProxy(role, masterAddresses, new InetSocketAddress(backendHost, backendPort),
                server);
        proxy.acceptor.start();
        return proxy;
    }

    /** The address clients connect to. */
    public String host() {
        return server.getInetAddress().getHostAddress();
    }

    /** The port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** {@code host:port} of the proxy. */
    public String address() {
        return host() + ":" + port();
    }

    /** From now on, answer {@code SCAN} as an unknown command (true) or relay it (false). */
    public void rejectScan(boolean reject) {
        this.rejectScan = reject;
    }

    /**
     * How often each command was received, by upper-case name ({@code CLUSTER}, {@code CLIENT}, {@code CONFIG},
     * {@code COMMAND} and {@code SENTINEL} with their sub-command, e.g. {@code CLIENT SETNAME}), rejected or not.
     */
    public Map<String, Long> commandsSeen() {
        Map<String, Long> copy = new TreeMap<>();
        seen.forEach((name, count) -> copy.put(name, count.sum()));
        return copy;
    }

    /** The commands answered as unknown, in the order received (names as in {@link #commandsSeen()}). */
    public List<String> rejected() {
        return List.copyOf(rejected);
    }

    /** How many client connections were accepted so far. */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** Forgets what was counted and recorded so far. */
    public void resetCounters() {
        seen.clear();
        rejected.clear();
    }

    /** Drops every client connection now (as a restarting server would), keeping the port open. */
    public void dropConnections() {
        for (Session session : List.copyOf(sessions)) {
            session.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a listening socket does not fail in a way that matters here
        }
        dropConnections();
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("TongRDS proxy on port {} stopped accepting: {}", port(), e.toString());
                }
                return;
            }
            int number = accepted.incrementAndGet();
            try {
                Socket upstream = new Socket();
                upstream.connect(backend, 2000);
                Session session = new Session(number, client, upstream);
                sessions.add(session);
                session.start();
            } catch (IOException e) {
                // Like a server that is down: the client sees its connection closed.
                LOG.warn("TongRDS proxy on port {}: backend {} unreachable: {}", port(), backend, e.toString());
                closeQuietly(client);
            }
        }
    }

    /** What the reply relay does next, in request order. */
    private record Pending(byte[] localReply, String command, boolean subscribes) {
        static final Pending END = new Pending(null, null, false);

        static Pending local(byte[] reply) {
            return new Pending(reply, null, false);
        }

        static Pending forwarded(String name, String command) {
            return new Pending(null, command, name.equals("SUBSCRIBE") || name.equals("PSUBSCRIBE"));
        }
    }

    /** One client connection and its backend connection: a request thread and a reply thread. */
    private final class Session {
        private final Socket client;
        private final Socket upstream;
        private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
        private final Thread requests;
        private final Thread replies;

        Session(int number, Socket client, Socket upstream) throws IOException {
            this.client = client;
            this.upstream = upstream;
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            String name = "tongrds-proxy-" + port() + "-c" + number;
            requests = new Thread(this::relayRequests, name + "-requests");
            replies = new Thread(this::relayReplies, name + "-replies");
            requests.setDaemon(true);
            replies.setDaemon(true);
        }

        void start() {
            requests.start();
            replies.start();
        }

        private void relayRequests() {
            // Streams are not closed here: closing one closes its socket, which is the reply thread's to close
            // once every pending reply went out.
            try {
                InputStream in = new BufferedInputStream(client.getInputStream(), 64 * 1024);
                OutputStream out = new BufferedOutputStream(upstream.getOutputStream(), 64 * 1024);
                boolean subscribed = false;
                List<byte[]> args;
                while ((args = RespStreams.readRequest(in)) != null) {
                    if (args.isEmpty()) {
                        continue;
                    }
                    String command = commandName(args);
                    seen.computeIfAbsent(command, c -> new LongAdder()).increment();
                    if (subscribed) {
                        // Pushed messages have no request to pair with: relay as is (see relayReplies).
                        RespStreams.writeRequest(out, args);
                    } else {
                        byte[] refusal = refusal(args, command);
                        if (refusal != null) {
                            rejected.add(command);
                            pending.put(Pending.local(refusal));
                        } else {
                            RespStreams.writeRequest(out, args);
                            Pending forwarded = Pending.forwarded(name(args), command);
                            pending.put(forwarded);
                            subscribed = forwarded.subscribes();
                        }
                    }
                    // Send on to the backend once the client has nothing more queued: pipelines stay pipelines.
                    if (in.available() == 0) {
                        out.flush();
                    }
                }
                pending.put(Pending.END);
            } catch (IOException e) {
                close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
            }
        }

        private void relayReplies() {
            try {
                InputStream in = new BufferedInputStream(upstream.getInputStream(), 64 * 1024);
                OutputStream out = new BufferedOutputStream(client.getOutputStream(), 64 * 1024);
                while (true) {
                    Pending next = pending.take();
                    if (next == Pending.END) {
                        out.flush();
                        break;
                    }
                    if (next.localReply() != null) {
                        out.write(next.localReply());
                    } else {
                        out.write(rewrite(next.command(), RespStreams.readReply(in)));
                        if (next.subscribes()) {
                            out.flush();
                            copyRaw(in, out);
                            break;
                        }
                    }
                    if (pending.isEmpty()) {
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // the client or the backend went away: end the session below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                close();
            }
        }

        private void copyRaw(InputStream in, OutputStream out) throws IOException {
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                if (in.available() == 0) {
                    out.flush();
                }
            }
        }

        void close() {
            sessions.remove(this);
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    /** The local answer to a request TongRDS would refuse, or null to forward it. */
    private byte[] refusal(List<byte[]> args, String command) {
        String name = name(args);
        if (role == Role.SENTINEL) {
            return name.equals("HELLO") ? RespStreams.error("ERR unknown command '" + text(args.get(0)) + "'") : null;
        }
        String subcommand = args.size() > 1 ? text(args.get(1)) : null;
        boolean scanOff = rejectScan && name.equals("SCAN");
        if (scanOff || !VendorCommands.supports(name, subcommand)) {
            // Redis 3.2's wording, with the name as the client spelled it.
            return RespStreams.error("ERR unknown command '" + text(args.get(0)) + "'");
        }
        if (name.equals("AUTH") && args.size() != 2) {
            return RespStreams.error("ERR wrong number of arguments for 'auth' command");
        }
        return null;
    }

    /** The backend's reply as TongRDS would give it. */
    private byte[] rewrite(String command, byte[] reply) {
        if (role == Role.SENTINEL) {
            List<String> address = command.equals("SENTINEL GET-MASTER-ADDR-BY-NAME")
                    ? RespStreams.bulkArray(reply) : null;
            if (address != null && address.size() == 2) {
                String front = masterAddresses.get(address.get(0) + ":" + address.get(1));
                if (front != null) {
                    int colon = front.lastIndexOf(':');
                    return RespStreams.array(List.of(front.substring(0, colon), front.substring(colon + 1)));
                }
            }
            return reply;
        }
        if (command.equals("INFO")) {
            String info = RespStreams.bulkText(reply);
            return info == null ? reply : RespStreams.bulk(asTongRdsInfo(info));
        }
        if (command.equals("AUTH") && reply.length > 0 && reply[0] == '-') {
            String error = new String(reply, StandardCharsets.UTF_8);
            if (error.startsWith("-WRONGPASS")) {
                return RespStreams.error("ERR invalid password");
            }
            if (error.contains("without any password configured")) {
                return RespStreams.error("ERR Client sent AUTH, but no password is set");
            }
        }
        return reply;
    }

    /** Redis' INFO text with TongRDS' version lines. */
    static String asTongRdsInfo(String info) {
        StringBuilder out = new StringBuilder(info.length() + 64);
        for (String line : info.split("\r\n", -1)) {
            if (line.startsWith("redis_version:")) {
                out.append("redis_version:").append(REDIS_VERSION).append("\r\n");
                continue;
            }
            out.append(line).append("\r\n");
            if (line.equals("# Server")) {
                out.append("TongRDS_Version:").append(TONGRDS_VERSION).append("\r\n");
            }
        }
        // split(-1) yields a last empty element after the final CRLF; drop the CRLF added for it
        out.setLength(out.length() - 2);
        return out.toString();
    }

    private static String commandName(List<byte[]> args) {
        String name = name(args);
        if (WITH_SUBCOMMAND.contains(name) && args.size() > 1) {
            return name + " " + text(args.get(1)).toUpperCase(Locale.ROOT);
        }
        return name;
    }

    private static String name(List<byte[]> args) {
        return text(args.get(0)).toUpperCase(Locale.ROOT);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed, or the peer is gone
        }
    }

    @Override
    public String toString() {
        return "TongRdsProxy[" + role + " " + address() + " → " + backend.getHostString() + ":" + backend.getPort() + "]";
    }
}
