package dev.elementkit.memcached;

/** One Memcached server, as {@code host:port}. */
record ServerAddress(String host, int port) {

    static final int DEFAULT_PORT = 11211;

    /**
     * Parses {@code host:port} (or a bare host, port 11211; IPv6 in brackets).
     *
     * @throws IllegalArgumentException saying what is wrong, for a field error
     */
    static ServerAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is empty: write host:port, e.g. 127.0.0.1:11211");
        }
        String trimmed = text.trim();
        int colon = trimmed.lastIndexOf(':');
        boolean bracketed = trimmed.startsWith("[");
        if (colon < 0 || bracketed && colon < trimmed.indexOf(']')) {
            return new ServerAddress(unbracket(trimmed), DEFAULT_PORT);
        }
        String host = unbracket(trimmed.substring(0, colon));
        int port;
        try {
            port = Integer.parseInt(trimmed.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + trimmed + "' has no port number after ':'");
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + trimmed + "' is not host:port with a port from 1 to 65535");
        }
        return new ServerAddress(host, port);
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
