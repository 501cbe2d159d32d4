package dev.elementkit.redis.engine;

import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * Writes the commands of concurrent callers on one shared connection to the socket together.
 *
 * <p>Every Lettuce command is a write-and-flush handed to the connection's event loop; with 32 callers each command
 * cost its own {@code write(2)} and the server its own read. Netty's {@link FlushConsolidationHandler} (with
 * consolidation outside reads) turns a flush into a task queued behind the writes already waiting, so everything
 * that arrived while the loop was busy leaves in one {@code writev}: pipelining without any caller waiting for
 * a batch. A lone caller's flush runs as the very next task of the loop, so its latency stays one round trip.
 */
final class FlushCoalescing implements NettyCustomizer {

    /** Flush at the latest after this many pending flushes, so a long queue still streams. */
    static final int MAX_PENDING_FLUSHES = 256;

    @Override
    public void afterChannelInitialized(Channel channel) {
        // First in the pipeline (next to the socket): behind TLS, so encrypted records are coalesced too.
        channel.pipeline().addFirst("flushCoalescing", new FlushConsolidationHandler(MAX_PENDING_FLUSHES, true));
    }
}
