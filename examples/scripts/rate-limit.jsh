// A fixed-window rate limiter on a cache counter: the first incr of a window sets its expiry.
//   ./devportal run examples/scripts/rate-limit.jsh [CLIENT] [LIMIT]
String client = args.length > 0 ? args[0] : "client-42";
int limit = args.length > 1 ? Integer.parseInt(args[1]) : 3;
Cache cache = app.getElement("caches.Default", Cache.class);   // the checked lookup

boolean allow(String who) {
    String key = "ratelimit:" + who;
    long count = cache.incr(key);
    if (count == 1) {
        cache.expire(key, 60);   // a new one-minute window
    }
    return count <= limit;
}

cache.delete("ratelimit:" + client);   // start this demo from an empty window
for (int request = 1; request <= limit + 2; request++) {
    System.out.println("request " + request + ": " + (allow(client) ? "allowed" : "rejected"));
}
