// A session store: each session is JSON under session:<id> and ends after 30 minutes without a request.
//   ./devportal run examples/scripts/session-store.jsh [ELEMENT]      (default caches.Default)
String fullName = args.length > 0 ? args[0] : "caches.Default";
Cache cache = app.getElement(fullName);
long idleSeconds = 30 * 60;

String login(String user) {
    String id = UUID.randomUUID().toString();
    cache.set("session:" + id, Map.of("user", user, "roles", List.of("reader")), idleSeconds);
    return id;
}

// Each request reads the session and restarts its idle timer; null once it ended.
Map<?, ?> touch(String id) {
    Map<?, ?> session = cache.get("session:" + id, Map.class);
    if (session != null) {
        cache.expire("session:" + id, idleSeconds);
    }
    return session;
}

void logout(String id) {
    cache.delete("session:" + id);
}

String id = login("alice");
long ttl = cache.ttl("session:" + id);
System.out.println("login alice: session ends within 30 minutes: " + (ttl > 0 && ttl <= idleSeconds));
Map<?, ?> session = touch(id);
System.out.println("request: user " + session.get("user") + ", roles " + session.get("roles"));
logout(id);
System.out.println("after logout: " + touch(id));
