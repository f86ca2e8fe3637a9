package io.shelfwise.tenancy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes and checks API key secrets of the form {@code sw_<key id>_<40 random chars>}.
 * The secret carries 238 bits of randomness, so a plain SHA-256 is a safe hash (no slow KDF needed).
 */
public final class ApiKeySecrets {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern SHAPE = Pattern.compile("sw_(key_[a-z0-9]{16})_([A-Za-z0-9]{40})");
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final SecureRandom random;

    public ApiKeySecrets(SecureRandom random) {
        this.random = random;
    }

    /** A new key id and the full secret that embeds it. */
    public Generated generate() {
        ApiKeyId id = new ApiKeyId("key_" + randomString(ALPHABET, 16));
        String secret = "sw_" + id.value() + "_" + randomString(SECRET_ALPHABET, 40);
        return new Generated(id, secret, hash(secret));
    }

    /** The key id a presented secret claims, if it has the right shape at all. */
    public Optional<ApiKeyId> idOf(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        Matcher m = SHAPE.matcher(presented);
        return m.matches() ? Optional.of(new ApiKeyId(m.group(1))) : Optional.empty();
    }

    public String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Constant-time comparison of a presented secret with a stored hash. */
    public boolean matches(String presented, String storedHash) {
        return MessageDigest.isEqual(hash(presented).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    private String randomString(String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** A generated key: its id, the secret to hand out once, and the hash to store. */
    public record Generated(ApiKeyId id, String secret, String hash) {
        @Override
        public String toString() {
            return "Generated[" + id + ", secret=***]";
        }
    }
}
