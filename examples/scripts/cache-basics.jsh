// Every example of "Cache Configuration and Usage", as Java. `app` and `args` are predefined, Cache is imported.
//   ./devportal run examples/scripts/cache-basics.jsh                  (caches.Default of the demo app)
//   ./devportal run examples/scripts/cache-basics.jsh caches.MyRedis   (any cache element of the app)

// Getting cache instance
String fullName = args.length > 0 ? args[0] : "caches.Default";   // caches.MyRedis / caches.Default etc.
Cache cache = app.getElement(fullName);
System.out.println("cache: " + cache.fullName());

// String read/write and expiration
cache.set("user:1001:name", "John", 3600);    // Write with 1-hour expiration
String name = cache.get("user:1001:name");     // Read
cache.expire("user:1001:name", 600);           // Change expiration to 10 minutes
System.out.println("get user:1001:name -> " + name);
long ttl = cache.ttl("user:1001:name");
System.out.println("expires within 10 minutes: " + (ttl > 0 && ttl <= 600));

// Numeric values and counting
cache.setNumeric("visit_count", 100);
Number current = cache.getNumeric("visit_count");
long nextVal = cache.incr("visit_count", 5);
System.out.println("visit_count: " + current + ", after incr by 5: " + nextVal);

// Key management
List<String> keys = cache.keys();
System.out.println("keys() holds user:1001:name and visit_count: "
        + keys.containsAll(List.of("user:1001:name", "visit_count")));

boolean exists = cache.exists("user:1001:name");
if (exists) {
    cache.delete("user:1001:name");
}
System.out.println("existed: " + exists + ", exists after delete: " + cache.exists("user:1001:name"));

// Connectivity check
boolean alive = cache.ping();  // true indicates normal connection
System.out.println("ping: " + alive);
