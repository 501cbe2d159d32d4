// API responses cached with remember(): the first read calls the upstream API and stores its answer for 5 minutes
// (plus up to 30 s of jitter, so entries written together do not all expire together); concurrent readers, here
// and on other hosts, wait for that one call. A write invalidates the cached answer.
//   ./devportal run examples/scripts/api-cache.jsh [ELEMENT]          (default caches.Default)
String fullName = args.length > 0 ? args[0] : "caches.Default";
Cache cache = app.getElement(fullName);

// Stands for the system of record and its slow HTTP API.
Map<String, String> names = new HashMap<>(Map.of("1001", "John"));
int[] upstreamCalls = {0};

Map<String, String> fetchUser(String id) {
    upstreamCalls[0]++;
    return new TreeMap<>(Map.of("id", id, "name", names.get(id)));
}

String getUser(String id) {
    return cache.remember("api:users:" + id, 300, 30, () -> fetchUser(id));
}

void renameUser(String id, String name) {
    names.put(id, name);
    cache.delete("api:users:" + id);   // the next read loads the new answer
}

cache.delete("api:users:1001");   // start this demo with nothing cached
System.out.println("first read: " + getUser("1001") + " (upstream calls: " + upstreamCalls[0] + ")");
System.out.println("second read: " + getUser("1001") + " (upstream calls: " + upstreamCalls[0] + ")");
renameUser("1001", "Johnny");
System.out.println("after a write: " + getUser("1001") + " (upstream calls: " + upstreamCalls[0] + ")");
