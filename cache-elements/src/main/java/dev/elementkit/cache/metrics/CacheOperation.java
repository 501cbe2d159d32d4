package dev.elementkit.cache.metrics;

import java.util.Locale;

/** The cache calls timed apart; overloads of one call (with or without a TTL, a type) count as one. */
enum CacheOperation {
    GET, SET, INCR, ADD, GET_AND_DELETE, CLEAR, RATE_LIMIT, REMEMBER, LOCK, EXPIRE, TTL, EXISTS, DELETE, KEYS,
    GET_ALL, SET_ALL, PING;

    private final String tagValue = camelCase(name());

    /** The name as the Cache method spells it: {@code getAndDelete}, {@code rateLimit}. */
    String tagValue() {
        return tagValue;
    }

    private static String camelCase(String constant) {
        StringBuilder name = new StringBuilder();
        for (String word : constant.toLowerCase(Locale.ROOT).split("_")) {
            name.append(name.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return name.toString();
    }
}
