package dev.perch.access;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived tokens that name one shopper, for browsers: a storefront back end that knows who is
 * logged in mints one ({@link #mint}), the page sends it, the collector and the model server check
 * it ({@link #verify}) and answer only for that user. A token is {@code
 * pt1.<base64url(userId)>.<expiry epoch seconds>.<base64url(HMAC-SHA256)>}, the MAC taken over
 * {@code pt1}, the user id and the expiry with a shared secret. The first secret mints; every
 * secret verifies, so a secret is rotated by putting the new one first, and dropping the old one
 * once the longest-lived token minted with it has expired.
 */
public final class UserTokens {

    /** The token format's version, the first part of every token. */
    public static final String VERSION = "pt1";

    /** Shortest secret accepted: 32 characters (the MAC is no stronger than its key). */
    public static final int MIN_SECRET_LENGTH = 32;

    private static final String HMAC = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final List<SecretKeySpec> secrets;
    private final Duration maxLifetime;

    /**
     * @param secrets the token secrets, newest (minting) first; empty: no token is valid
     * @param maxLifetime tokens whose expiry lies further ahead than this are refused, so a
     *     mistaken back end cannot hand out long-lived ones
     */
    public UserTokens(List<String> secrets, Duration maxLifetime) {
        for (String secret : secrets) {
            if (secret.length() < MIN_SECRET_LENGTH) {
                throw new IllegalArgumentException(
                        "a token secret needs at least " + MIN_SECRET_LENGTH + " characters");
            }
        }
        this.secrets =
                secrets.stream()
                        .map(s -> new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), HMAC))
                        .toList();
        this.maxLifetime = maxLifetime;
    }

    /** Tokens that nobody can mint or present: every token is refused. */
    public static UserTokens none() {
        return new UserTokens(List.of(), Duration.ZERO);
    }

    /** Whether a secret is configured (otherwise every token is refused). */
    public boolean enabled() {
        return !secrets.isEmpty();
    }

    /** The longest lifetime a token may have. */
    public Duration maxLifetime() {
        return maxLifetime;
    }

    /** A token for {@code userId} that expires {@code lifetime} after {@code now}. */
    public String mint(String userId, Instant now, Duration lifetime) {
        if (!enabled()) {
            throw new IllegalStateException("no token secret is configured");
        }
        if (lifetime.compareTo(maxLifetime) > 0 || lifetime.isNegative()) {
            throw new IllegalArgumentException("a token lives at most " + maxLifetime);
        }
        String payload = payload(userId, now.plus(lifetime).getEpochSecond());
        return payload + "." + ENCODER.encodeToString(mac(secrets.get(0), payload));
    }

    /** What checking a token found. */
    public sealed interface Check {
        /** A genuine, unexpired token for {@code userId}. */
        record Valid(String userId, Instant expires) implements Check {}

        /** Not a token to trust; {@code reason} says why (it never repeats the token). */
        record Refused(String reason) implements Check {}
    }

    /** Checks {@code token} at {@code now}. */
    public Check verify(String token, Instant now) {
        if (!enabled()) {
            return new Check.Refused("user tokens are not enabled on this server");
        }
        if (token == null) {
            return new Check.Refused("no token");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals(VERSION)) {
            return new Check.Refused("not a Perch user token");
        }
        byte[] presented;
        String userId;
        long expiry;
        try {
            presented = DECODER.decode(parts[3]);
            userId = new String(DECODER.decode(parts[1]), StandardCharsets.UTF_8);
            expiry = Long.parseLong(parts[2]);
        } catch (IllegalArgumentException e) {
            return new Check.Refused("malformed token");
        }
        String payload = parts[0] + "." + parts[1] + "." + parts[2];
        boolean genuine = false;
        for (SecretKeySpec secret : secrets) {
            genuine |= MessageDigest.isEqual(mac(secret, payload), presented);
        }
        if (!genuine) {
            return new Check.Refused("token signature does not match");
        }
        Instant expires = Instant.ofEpochSecond(expiry);
        if (!expires.isAfter(now)) {
            return new Check.Refused("token expired");
        }
        if (expires.isAfter(now.plus(maxLifetime).plusSeconds(60))) {
            return new Check.Refused("token lives longer than " + maxLifetime);
        }
        return new Check.Valid(userId, expires);
    }

    /** The user a valid token names, if it is valid at {@code now}. */
    public Optional<String> userOf(String token, Instant now) {
        return verify(token, now) instanceof Check.Valid valid
                ? Optional.of(valid.userId())
                : Optional.empty();
    }

    private static String payload(String userId, long expiryEpochSecond) {
        return VERSION
                + "."
                + ENCODER.encodeToString(userId.getBytes(StandardCharsets.UTF_8))
                + "."
                + expiryEpochSecond;
    }

    private static byte[] mac(SecretKeySpec secret, String payload) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(secret);
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
