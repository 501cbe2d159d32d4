package dev.elementkit.memcached;

import com.spotify.folsom.AsciiMemcacheClient;
import com.spotify.folsom.ConnectFuture;
import com.spotify.folsom.ExponentialBackoff;
import com.spotify.folsom.GetResult;
import com.spotify.folsom.MemcacheClientBuilder;
import com.spotify.folsom.MemcacheStatus;
import dev.elementkit.cache.CacheUnavailableException;
import dev.elementkit.cache.CacheValueException;
import dev.elementkit.cache.RateLimit;
import dev.elementkit.cache.glob.GlobPattern;
import dev.elementkit.cache.spi.CacheBackend;
import dev.elementkit.cache.spi.SlidingWindowLog;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The cache on one set of Memcached servers, shared by every element of this process configured with the same
 * {@link MemcachedTarget}.
 *
 * <p><b>Two ways to each server.</b> A Folsom client per server (one Netty connection) carries the plain commands:
 * get, set, add, touch, delete, and the CAS loops of getAndDelete, the lock calls and rate limits. What Folsom does
 * not offer goes over one {@link MetaConnection} per server: reading TTLs ({@code mg t}), incr (a CAS loop on
 * {@code mg}/{@code ms}, because Memcached's own incr is unsigned and cannot keep our rules for negative numbers and
 * overflow), and listing keys ({@code lru_crawler metadump}). {@link KeyRouter} picks the server of a key for both,
 * on a fixed Ketama ring, so a dead server's keys fail fast instead of moving to the others.
 *
 * <p><b>Limits.</b> Memcached has no transactions: setAll is one write per key, and deleteByPrefix deletes the
 * listed keys one by one. A value larger than the servers' item size limit is refused before it is sent.
 *
 * <p>Thread-safe. Owned by {@link MemcachedBackends}; closing it closes the client and its Netty threads.
 */
final class MemcachedBackend implements CacheBackend {

    /** The item header, the key's terminator, the CAS and the CRLFs that count towards item_size_max. */
    private static final int ITEM_OVERHEAD = 64;
    /** Requests in flight per batch: well under Folsom's default limit of 1000 outstanding requests. */
    private static final int WAVE = 256;
    private static final String CANONICAL_LONG = "-?(0|[1-9][0-9]{0,18})";

    private final MemcachedTarget target;
    private final NioEventLoopGroup eventLoop;
    private final Map<ServerAddress, AsciiMemcacheClient<String>> clients;
    private final KeyRouter router;
    private final Map<ServerAddress, MetaConnection> meta = new LinkedHashMap<>();
    private final long itemSizeMax;
    private final long waitMillis;
    private volatile boolean closed;

    private MemcachedBackend(MemcachedTarget target, NioEventLoopGroup eventLoop,
                             Map<ServerAddress, AsciiMemcacheClient<String>> clients,
                             Map<ServerAddress, MetaConnection> meta, long itemSizeMax) {
        this.target = target;
        this.eventLoop = eventLoop;
        this.clients = clients;
        this.router = new KeyRouter(target.servers());
        this.meta.putAll(meta);
        this.itemSizeMax = itemSizeMax;
        this.waitMillis = target.timeout().toMillis() + 100;
    }

    /**
     * Reads the servers' item size limit (the smallest), then starts the client. At least one server must answer;
     * the others are connected to as they come up, and calls for their keys fail fast until then.
     *
     * @throws IOException naming the servers when none answers, or one refuses the credentials
     */
    static MemcachedBackend open(MemcachedTarget target) throws IOException {
        Map<ServerAddress, MetaConnection> meta = new LinkedHashMap<>();
        long itemSizeMax = Long.MAX_VALUE;
        IOException lastFailure = null;
        for (ServerAddress server : target.servers()) {
            MetaConnection connection = new MetaConnection(server, target, target.connectTimeout(), target.timeout());
            meta.put(server, connection);
            try {
                itemSizeMax = Math.min(itemSizeMax, Long.parseLong(
                        connection.stats("settings").getOrDefault("item_size_max", "1048576")));
            } catch (MetaConnection.AuthenticationException e) {
                meta.values().forEach(MetaConnection::close);
                throw e;
            } catch (IOException e) {
                lastFailure = e;
            }
        }
        if (itemSizeMax == Long.MAX_VALUE) {
            meta.values().forEach(MetaConnection::close);
            throw new IOException("no server of " + target.where() + " answers: " + lastFailure.getMessage(),
                    lastFailure);
        }
        NioEventLoopGroup eventLoop = new NioEventLoopGroup(1, task -> {
            Thread thread = new Thread(task, "elementkit-memcached-io");
            thread.setDaemon(true);
            thread.setContextClassLoader(MemcachedBackend.class.getClassLoader());
            return thread;
        });
        Map<ServerAddress, AsciiMemcacheClient<String>> clients = new LinkedHashMap<>();
        try {
            for (ServerAddress server : target.servers()) {
                clients.put(server, connect(target, server, eventLoop));
            }
            // Folsom connects in the background; the first calls must not find it still connecting. One server is
            // enough: calls for the keys of the others fail fast until they are up.
            CompletableFuture.anyOf(clients.values().stream()
                            .map(c -> ConnectFuture.connectFuture(c).toCompletableFuture())
                            .toArray(CompletableFuture[]::new))
                    .get(target.connectTimeout().toMillis() + 100, TimeUnit.MILLISECONDS);
            for (AsciiMemcacheClient<String> client : clients.values()) {
                awaitConnected(client, target.connectTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeAll(clients, meta, eventLoop);
            throw new IOException("interrupted while connecting to " + target.where(), e);
        } catch (ExecutionException | TimeoutException e) {
            closeAll(clients, meta, eventLoop);
            throw new IOException("could not connect to " + target.where() + " within "
                    + target.connectTimeout().toMillis() + " ms (connect_timeout_ms)", e);
        } catch (RuntimeException e) {
            closeAll(clients, meta, eventLoop);
            throw e;
        }
        return new MemcachedBackend(target, eventLoop, clients, meta, itemSizeMax);
    }

    private static AsciiMemcacheClient<String> connect(MemcachedTarget target, ServerAddress server,
                                                       NioEventLoopGroup eventLoop) {
        MemcacheClientBuilder<String> builder = MemcacheClientBuilder.newStringClient(StandardCharsets.UTF_8)
                .withKeyCharset(StandardCharsets.UTF_8)
                .withAddress(server.host(), server.port())
                .withEventLoopGroup(eventLoop)
                .withReplyExecutor(Runnable::run)
                .withConnectionTimeoutMillis(target.connectTimeout().toMillis())
                .withRequestTimeoutMillis(target.timeout().toMillis())
                // A failed call fails at once instead of being sent again, so callers of a dead server's keys
                // hear about it now; the connection itself is re-opened in the background.
                .withRetry(false)
                .withBackoff(new ExponentialBackoff(10, 1000, 2.0))
                .withMaxSetLength(Integer.MAX_VALUE);
        if (target.authenticates()) {
            builder.withUsernamePassword(target.username(), target.password().reveal());
        }
        return builder.connectAscii();
    }

    /** Gives a server the connect timeout to come up, so that a fresh cache does not fail its keys. */
    private static void awaitConnected(AsciiMemcacheClient<String> client, Duration connectTimeout)
            throws InterruptedException, ExecutionException {
        try {
            ConnectFuture.connectFuture(client).toCompletableFuture()
                    .get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillDown) {
            // Its keys fail fast until Folsom's reconnects reach it.
        }
    }

    private static void closeAll(Map<ServerAddress, AsciiMemcacheClient<String>> clients,
                                 Map<ServerAddress, MetaConnection> meta, NioEventLoopGroup eventLoop) {
        clients.values().forEach(AsciiMemcacheClient::shutdown);
        meta.values().forEach(MetaConnection::close);
        eventLoop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    }

    long itemSizeMax() {
        return itemSizeMax;
    }

    @Override
    public String get(String key) {
        checkKey(key);
        return await(clientOf(key).get(key), key);
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        checkSize(key, value);
        stored(await(clientOf(key).set(key, value, ttlSeconds(ttl)), key), key);
    }

    @Override
    public boolean add(String key, String value, Duration ttl) {
        checkSize(key, value);
        return stored(await(clientOf(key).add(key, value, ttlSeconds(ttl)), key), key);
    }

    @Override
    public long incrBy(String key, long amount) {
        return incrBy(key, amount, null);
    }

    /** A CAS loop: read value, TTL and CAS token, write the sum with the same TTL only if nobody wrote between. */
    @Override
    public long incrBy(String key, long amount, Duration ttlIfCreated) {
        checkKey(key);
        MetaConnection server = metaFor(key);
        return withServer(server, key, () -> {
            while (true) {
                MetaConnection.MetaValue current = server.get(key);
                if (current == null) {
                    if (server.set(key, Long.toString(amount), MetaConnection.exptime(ttlIfCreated), 0, true)
                            == MetaConnection.StoreResult.STORED) {
                        return amount;
                    }
                    continue;
                }
                long sum = sum(key, current.value(), amount);
                long keep = current.ttlSeconds() < 0 ? 0 : MetaConnection.exptime(
                        Duration.ofSeconds(Math.max(1, current.ttlSeconds())));
                if (server.set(key, Long.toString(sum), keep, current.cas(), false)
                        == MetaConnection.StoreResult.STORED) {
                    return sum;
                }
            }
        });
    }

    @Override
    public boolean expire(String key, Duration ttl) {
        checkKey(key);
        return await(clientOf(key).touch(key, ttlSeconds(ttl)), key) == MemcacheStatus.OK;
    }

    @Override
    public long ttlMillis(String key) {
        checkKey(key);
        MetaConnection server = metaFor(key);
        long seconds = withServer(server, key, () -> server.ttlSeconds(key));
        return seconds < 0 ? seconds : Math.max(1, seconds * 1000);
    }

    @Override
    public boolean exists(String key) {
        return get(key) != null;
    }

    @Override
    public boolean delete(String key) {
        checkKey(key);
        return await(clientOf(key).delete(key), key) == MemcacheStatus.OK;
    }

    @Override
    public String getAndDelete(String key) {
        checkKey(key);
        while (true) {
            GetResult<String> current = await(clientOf(key).casGet(key), key);
            if (current == null) {
                return null;
            }
            MemcacheStatus status = await(clientOf(key).delete(key, current.getCas()), key);
            if (status == MemcacheStatus.OK) {
                return current.getValue();
            }
            if (status == MemcacheStatus.KEY_NOT_FOUND) {
                return null; // another caller took it
            }
        }
    }

    @Override
    public boolean deleteIfEquals(String key, String expected) {
        checkKey(key);
        while (true) {
            GetResult<String> current = await(clientOf(key).casGet(key), key);
            if (current == null || !current.getValue().equals(expected)) {
                return false;
            }
            MemcacheStatus status = await(clientOf(key).delete(key, current.getCas()), key);
            if (status != MemcacheStatus.KEY_EXISTS) {
                return status == MemcacheStatus.OK;
            }
        }
    }

    @Override
    public boolean expireIfEquals(String key, String expected, Duration ttl) {
        checkKey(key);
        while (true) {
            GetResult<String> current = await(clientOf(key).casGet(key), key);
            if (current == null || !current.getValue().equals(expected)) {
                return false;
            }
            MemcacheStatus status = await(clientOf(key).set(key, expected, ttlSeconds(ttl), current.getCas()), key);
            if (status != MemcacheStatus.KEY_EXISTS) {
                return status == MemcacheStatus.OK;
            }
        }
    }

    /** The log of admissions is the value, changed by CAS; its TTL is the window, so an idle limiter goes away. */
    @Override
    public RateLimit rateLimit(String key, long limit, Duration window) {
        checkKey(key);
        int ttl = ttlSeconds(window.plusSeconds(1));
        while (true) {
            GetResult<String> current = await(clientOf(key).casGet(key), key);
            SlidingWindowLog.Decision decision = SlidingWindowLog.decide(
                    current == null ? null : current.getValue(), System.currentTimeMillis(), limit, window);
            MemcacheStatus status;
            if (current == null) {
                status = decision.stored() == null ? MemcacheStatus.OK
                        : await(clientOf(key).add(key, decision.stored(), ttl), key);
            } else if (decision.stored() == null) {
                status = await(clientOf(key).delete(key, current.getCas()), key);
            } else {
                status = await(clientOf(key).set(key, decision.stored(), ttl, current.getCas()), key);
            }
            if (status == MemcacheStatus.OK) {
                return decision.result();
            }
        }
    }

    /** Every server's key dump, filtered: for listing, not for hot paths (see {@link MetaConnection#dumpKeys}). */
    @Override
    public List<String> keys(GlobPattern pattern) {
        String prefix = pattern.literalPrefix();
        long nowSeconds = System.currentTimeMillis() / 1000;
        List<String> keys = new ArrayList<>();
        for (MetaConnection server : meta.values()) {
            for (MetaConnection.DumpedKey dumped : withServer(server, pattern.toString(), server::dumpKeys)) {
                boolean live = dumped.expiresAtSeconds() < 0 || dumped.expiresAtSeconds() > nowSeconds;
                if (live && dumped.key().startsWith(prefix) && pattern.matches(dumped.key())) {
                    keys.add(dumped.key());
                }
            }
        }
        return keys;
    }

    @Override
    public long deleteByPrefix(String prefix) {
        long deleted = 0;
        for (String key : keys(GlobPattern.compile("*").withLiteralPrefix(prefix))) {
            if (delete(key)) {
                deleted++;
            }
        }
        return deleted;
    }

    /** One multi-get per server, for the keys it holds. */
    @Override
    public Map<String, String> getAll(Collection<String> keys) {
        Map<ServerAddress, List<String>> byServer = new LinkedHashMap<>();
        for (String key : keys) {
            checkKey(key);
            byServer.computeIfAbsent(router.serverOf(key), server -> new ArrayList<>()).add(key);
        }
        Map<String, String> values = new HashMap<>();
        byServer.forEach((server, list) -> {
            List<String> got = await(clients.get(server).get(list), list.size() + " keys on " + server);
            for (int i = 0; i < list.size(); i++) {
                if (got.get(i) != null) {
                    values.put(list.get(i), got.get(i));
                }
            }
        });
        Map<String, String> found = new LinkedHashMap<>();
        for (String key : keys) {
            String value = values.get(key);
            if (value != null) {
                found.put(key, value);
            }
        }
        return found;
    }

    /**
     * One write per key (Memcached has no transactions), sent in waves so that a large batch stays within the
     * client's limit of outstanding requests.
     */
    @Override
    public void setAll(Map<String, String> entries, Duration ttl) {
        entries.forEach(this::checkSize);
        int seconds = ttlSeconds(ttl);
        List<Map.Entry<String, String>> all = List.copyOf(entries.entrySet());
        for (int from = 0; from < all.size(); from += WAVE) {
            List<Map.Entry<String, CompletionStage<MemcacheStatus>>> pending = new ArrayList<>();
            for (Map.Entry<String, String> entry : all.subList(from, Math.min(all.size(), from + WAVE))) {
                pending.add(Map.entry(entry.getKey(), clientOf(entry.getKey()).set(entry.getKey(), entry.getValue(), seconds)));
            }
            for (Map.Entry<String, CompletionStage<MemcacheStatus>> write : pending) {
                stored(await(write.getValue(), write.getKey()), write.getKey());
            }
        }
    }

    /** True when every server answers. */
    @Override
    public boolean ping() {
        if (closed) {
            return false;
        }
        for (MetaConnection server : meta.values()) {
            try {
                server.version();
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /**
     * How many of the element's servers Folsom is connected to now, of how many: a field read per server, no
     * request (a scrape must not wait on a server). Fewer connected than configured means some keys fail fast.
     */
    @Override
    public Map<String, Double> gauges() {
        long connected = closed ? 0 : clients.values().stream().filter(AsciiMemcacheClient::isConnected).count();
        return Map.of("memcached.servers", (double) clients.size(),
                "memcached.servers.connected", (double) connected);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        clients.values().forEach(AsciiMemcacheClient::shutdown);
        meta.values().forEach(MetaConnection::close);
        eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "MemcachedBackend[" + target.where() + "]";
    }

    private AsciiMemcacheClient<String> clientOf(String key) {
        return clients.get(router.serverOf(key));
    }

    private MetaConnection metaFor(String key) {
        return meta.get(router.serverOf(key));
    }

    @FunctionalInterface
    private interface ServerCall<T> {
        T call() throws IOException;
    }

    private <T> T withServer(MetaConnection server, String subject, ServerCall<T> call) {
        ensureOpen();
        try {
            return call.call();
        } catch (MetaConnection.ProtocolException e) {
            throw new CacheUnavailableException("Memcached " + server.address() + " cannot serve " + subject + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new CacheUnavailableException("Memcached " + server.address() + " failed on " + subject + ": "
                    + e.getMessage(), e);
        }
    }

    private <T> T await(CompletionStage<T> stage, String subject) {
        ensureOpen();
        try {
            return stage.toCompletableFuture().get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CacheUnavailableException("interrupted while waiting for " + target.where() + " on " + subject, e);
        } catch (TimeoutException e) {
            throw new CacheUnavailableException(target.where() + " did not answer within " + target.timeout().toMillis()
                    + " ms (timeout_ms) on " + subject, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new CacheUnavailableException(target.where() + " failed on " + subject + ": " + cause, cause);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the Memcached cache on " + target.where() + " was closed");
        }
    }

    /** True for stored, false for not stored (add of an existing key); anything else is a failure. */
    private boolean stored(MemcacheStatus status, String key) {
        if (status == MemcacheStatus.OK || status == MemcacheStatus.ITEM_NOT_STORED) {
            return status == MemcacheStatus.OK;
        }
        if (status == MemcacheStatus.VALUE_TOO_LARGE) {
            throw tooLarge(key, -1);
        }
        throw new CacheUnavailableException(target.where() + " refused to store key '" + key + "': " + status, null);
    }

    /**
     * Refuses a key Memcached cannot hold (its text protocol ends a key at whitespace or a control character, and
     * takes at most 250 bytes), and fails fast when the key's server is down.
     */
    private void checkKey(String key) {
        checkKeyText(key);
        if (!clientOf(key).isConnected()) {
            throw new CacheUnavailableException("Memcached " + router.serverOf(key) + ", the server of key '" + key
                    + "', is not connected (down or unreachable); the keys of the other servers still work", null);
        }
    }

    private static void checkKeyText(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 250) {
            throw new IllegalArgumentException("key '" + key + "' is " + bytes.length + " bytes with its app prefix; "
                    + "Memcached keys are at most 250 bytes");
        }
        for (byte b : bytes) {
            if (b >= 0 && b <= ' ' || b == 0x7f) {
                throw new IllegalArgumentException("key '" + key + "' holds a space or control character, which "
                        + "Memcached keys cannot hold");
            }
        }
    }

    private void checkSize(String key, String value) {
        checkKey(key);
        long room = itemSizeMax - ITEM_OVERHEAD - key.getBytes(StandardCharsets.UTF_8).length;
        // A char is at most 3 UTF-8 bytes: only a value that long can be too large, and only then are bytes counted.
        if (value.length() * 3L > room) {
            long bytes = utf8Length(value);
            if (bytes > room) {
                throw tooLarge(key, bytes);
            }
        }
    }

    private static long utf8Length(String value) {
        long bytes = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private CacheValueException tooLarge(String key, long bytes) {
        return new CacheValueException("the value of key '" + key + "'" + (bytes < 0 ? "" : " (" + bytes + " bytes)")
                + " is larger than the item size limit of " + target.where() + ": " + itemSizeMax + " bytes "
                + "(item_size_max, memcached -I) including about " + ITEM_OVERHEAD + " bytes of item header and the "
                + "key; nothing was stored. Store smaller values, or start memcached with a larger -I");
    }

    private static long sum(String key, String stored, long amount) {
        if (!stored.matches(CANONICAL_LONG)) {
            throw new CacheValueException("cannot increment key '" + key + "': its value is not a whole number; "
                    + "nothing was changed");
        }
        try {
            return Math.addExact(Long.parseLong(stored), amount);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new CacheValueException("cannot add " + amount + " to key '" + key + "': the result would leave "
                    + "the 64-bit integer range; nothing was changed");
        }
    }

    /** Relative seconds for Folsom, which turns more than 30 days into an epoch time itself. */
    private static int ttlSeconds(Duration ttl) {
        return ttl == null ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.max(1, (ttl.toMillis() + 999) / 1000));
    }
}
