package dev.elementkit.tongrds;

import dev.elementkit.cache.spi.ConnectionTest;
import dev.elementkit.redis.engine.ServerFlavour;
import java.util.Map;

/**
 * What a connection test adds for TongRDS: the {@code TongRDS_Version} its Redis emulation port reports in
 * {@code INFO server}, or, when there is none, a warning that the server is not TongRDS (a plain Redis, say). The
 * test still succeeds then: the element works against any server that speaks the protocol.
 */
final class TongRdsFlavour implements ServerFlavour {

    /** The {@code INFO} field, and the connection test's detail, naming TongRDS' version. */
    static final String VERSION_FIELD = "TongRDS_Version";

    /** The warning step's name. */
    static final String STEP = "TongRDS";

    /** A server without TongRDS' version field is not called TongRDS in the headline either. */
    @Override
    public String nameOf(Map<String, String> info, String configuredName) {
        return isTongRds(info) ? configuredName : "A Redis-protocol server that is not " + configuredName;
    }

    @Override
    public void inspect(Map<String, String> info, ConnectionTest test) {
        if (isTongRds(info)) {
            test.detail(VERSION_FIELD, info.get(VERSION_FIELD));
            return;
        }
        test.warn(STEP, "the server reports no " + VERSION_FIELD + " (it says redis_version "
                + info.getOrDefault("redis_version", "unknown") + "), so it is not TongRDS but another Redis-protocol "
                + "server, a plain Redis say. The cache works with it; if you meant TongRDS, check host and port "
                + "(TongRDS' Redis emulation port, 6379 by default)");
    }

    private static boolean isTongRds(Map<String, String> info) {
        String version = info.get(VERSION_FIELD);
        return version != null && !version.isBlank();
    }
}
