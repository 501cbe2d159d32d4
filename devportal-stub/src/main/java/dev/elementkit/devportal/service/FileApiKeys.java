package dev.elementkit.devportal.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * {@link ApiKeys} in a JSON file of the app folder.
 *
 * <p>A key is {@code ek_<id>_<secret>}: the id finds the entry without trying every salt, the secret (256 random
 * bits) is checked against {@code SHA-256(salt || secret)} with {@link MessageDigest#isEqual}. A plain salted hash
 * rather than a slow password hash on purpose: slow hashing protects guessable human passwords, while a 256-bit
 * random secret is out of reach of any guessing, and a slow hash would cost every request of the service.
 *
 * <p>Writers lock a sibling {@code .lock} file and replace the file by an atomic move, so that a concurrent
 * {@code keys create} loses nothing and a reading server never sees half a file. Readers look at the file's
 * identity (inode, time, size) on each call and re-read it only when it changed.
 */
final class FileApiKeys implements ApiKeys {

    private static final String PREFIX = "ek_";
    private static final int ID_CHARS = 12;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern SERVICE = Pattern.compile("[a-z0-9_]{1,100}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<Path, Object> IN_PROCESS_LOCKS = new ConcurrentHashMap<>();

    /** One key as stored: hash and salt base64, never the key. */
    record StoredKey(String id, String name, List<String> services, List<String> methods, String createdAt,
                     String salt, String hash) {

        ApiKeyInfo info() {
            return new ApiKeyInfo(id, name, services, methods, createdAt);
        }
    }

    record KeyFile(List<StoredKey> keys) {
    }

    /** A stored key decoded once per file change, so that a request only hashes and compares. */
    private record Known(ApiKeyInfo info, byte[] salt, byte[] hash) {
    }

    private record Loaded(Map<String, Known> byId, Object identity) {
    }

    private final Path file;
    private volatile Loaded loaded;

    FileApiKeys(Path file) {
        this.file = file;
    }

    @Override
    public CreatedApiKey create(String name, List<String> services, List<String> methods) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("--name: give the key a name of 1 to 64 letters, digits, '.', '_' or '-'");
        }
        List<String> serviceNames = normalized(services, "--services", s -> s.toLowerCase(Locale.ROOT),
                s -> s.equals(ApiKeyInfo.ALL) || SERVICE.matcher(s).matches(),
                "a service name (as GET /api/v2 lists them, e.g. cache or myredis) or *");
        List<String> methodNames = normalized(methods, "--methods", s -> s.toUpperCase(Locale.ROOT),
                s -> s.equals(ApiKeyInfo.ALL) || ApiKeyInfo.METHODS.contains(s),
                "one of " + String.join(", ", ApiKeyInfo.METHODS) + " or *");
        byte[] secret = random(32);
        byte[] salt = random(16);
        String id = HexFormat.of().formatHex(random(ID_CHARS / 2));
        StoredKey stored = new StoredKey(id, name, serviceNames, methodNames,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                Base64.getEncoder().encodeToString(salt), Base64.getEncoder().encodeToString(hash(salt, secret)));
        update(keys -> {
            if (keys.stream().anyMatch(k -> k.name().equals(name))) {
                throw new IllegalArgumentException("--name: a key called '" + name + "' exists already; revoke it"
                        + " first (devportal keys revoke " + name + ") or pick another name");
            }
            keys.add(stored);
            return true;
        });
        String key = PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new CreatedApiKey(stored.info(), key);
    }

    @Override
    public List<ApiKeyInfo> list() {
        return current().byId().values().stream().map(Known::info).toList();
    }

    @Override
    public boolean revoke(String idOrName) {
        return update(keys -> keys.removeIf(k -> k.id().equals(idOrName) || k.name().equals(idOrName)));
    }

    @Override
    public Optional<ApiKeyInfo> verify(String presented) {
        if (presented == null || presented.length() < PREFIX.length() + ID_CHARS + 2 || !presented.startsWith(PREFIX)
                || presented.charAt(PREFIX.length() + ID_CHARS) != '_') {
            return Optional.empty();
        }
        Known known = current().byId().get(presented.substring(PREFIX.length(), PREFIX.length() + ID_CHARS));
        if (known == null) {
            return Optional.empty();
        }
        byte[] secret;
        try {
            secret = Base64.getUrlDecoder().decode(presented.substring(PREFIX.length() + ID_CHARS + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return MessageDigest.isEqual(known.hash(), hash(known.salt(), secret)) ? Optional.of(known.info())
                : Optional.empty();
    }

    private Loaded current() {
        Object identity = identity();
        Loaded current = loaded;
        if (current != null && current.identity().equals(identity)) {
            return current;
        }
        synchronized (this) {
            current = loaded;
            if (current == null || !current.identity().equals(identity)) {
                current = new Loaded(byId(read()), identity);
                loaded = current;
            }
            return current;
        }
    }

    /** Changes whenever the file is replaced or written: the atomic move gives it a new inode. */
    private Object identity() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(String.valueOf(attributes.fileKey()), attributes.lastModifiedTime(), attributes.size());
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ApiKeys.FILE + ": " + e.getMessage(), e);
        }
    }

    private List<StoredKey> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            JsonNode tree = ServiceJson.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
            KeyFile keys = ServiceJson.MAPPER.treeToValue(tree, KeyFile.class);
            return keys == null || keys.keys() == null ? List.of() : keys.keys();
        } catch (IOException e) {
            throw new IllegalStateException(ApiKeys.FILE + " cannot be read as a key file (" + e.getClass().getSimpleName()
                    + "): restore it, or delete it and create the keys again with devportal keys create", e);
        }
    }

    private interface Change {
        boolean apply(List<StoredKey> keys);
    }

    private boolean update(Change change) {
        // A file lock guards against other processes only: within this JVM a second lock on the same file throws
        // OverlappingFileLockException, so instances on one file (portal and CLI, two servers in a test) first
        // agree through a lock object per path.
        synchronized (IN_PROCESS_LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), f -> new Object())) {
            return updateLocked(change);
        }
    }

    private boolean updateLocked(Change change) {
        try {
            Files.createDirectories(file.getParent());
            Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                List<StoredKey> keys = new ArrayList<>(read());
                if (!change.apply(keys)) {
                    return false;
                }
                write(keys);
                loaded = null;
                return true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + ApiKeys.FILE + ": " + e.getMessage(), e);
        }
    }

    private void write(List<StoredKey> keys) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), ".api-keys", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(temp, ServiceJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(new KeyFile(keys)));
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static Map<String, Known> byId(List<StoredKey> keys) {
        Map<String, Known> byId = new LinkedHashMap<>();
        keys.forEach(k -> byId.put(k.id(), new Known(k.info(), Base64.getDecoder().decode(k.salt()),
                Base64.getDecoder().decode(k.hash()))));
        return byId;
    }

    private static List<String> normalized(List<String> values, String option,
                                           UnaryOperator<String> normalize,
                                           Predicate<String> valid, String expected) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(option + " is required: give " + expected + ", comma-separated");
        }
        LinkedHashSet<String> result = new LinkedHashSet<>();
        for (String raw : values) {
            String value = normalize.apply(raw.trim());
            if (!valid.test(value)) {
                throw new IllegalArgumentException(option + ": '" + raw + "' is not " + expected);
            }
            result.add(value);
        }
        return List.copyOf(result);
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return value;
    }

    private static byte[] hash(byte[] salt, byte[] secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            return digest.digest(secret);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
