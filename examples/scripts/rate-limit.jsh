// A sliding-window rate limiter: at most LIMIT requests of one client in any minute, decided by the cache in one
// atomic step (a Lua script on Redis, one transaction on SQLite), so it holds however many hosts call at once.
//   ./devportal run examples/scripts/rate-limit.jsh [CLIENT] [LIMIT]
import java.time.Duration;

String client = args.length > 0 ? args[0] : "client-42";
int limit = args.length > 1 ? Integer.parseInt(args[1]) : 3;
Cache cache = app.getElement("caches.Default", Cache.class);   // the checked lookup

boolean allow(String who) {
    RateLimit answer = cache.rateLimit("ratelimit:" + who, limit, Duration.ofMinutes(1));
    // A refused caller would answer HTTP 429 with Retry-After: answer.retryAfter().toSeconds() + 1
    return answer.allowed();
}

cache.delete("ratelimit:" + client);   // start this demo from an empty window
for (int request = 1; request <= limit + 2; request++) {
    System.out.println("request " + request + ": " + (allow(client) ? "allowed" : "rejected"));
}
