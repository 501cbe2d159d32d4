package dev.elementkit.devportal.service;

/**
 * A key just created: the one and only time {@link #key()} is known. The store keeps a salted hash of it.
 *
 * @param info what it may do
 * @param key  the value clients send, {@code ek_<id>_<secret>}
 */
public record CreatedApiKey(ApiKeyInfo info, String key) {

    @Override
    public String toString() {
        // A record's toString would print the key; results get logged.
        return "CreatedApiKey[info=" + info + ", key=(shown once)]";
    }
}
