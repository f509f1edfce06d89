package dev.jury.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Issues API tokens and hashes them for storage. Only hashes are ever stored or logged. */
public final class Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "jury_";

    private Tokens() {}

    /** A new random token: 256 bits, URL-safe. */
    public static String issue() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256 of the token's UTF-8 bytes, as stored in {@code api_tokens.token_hash}. */
    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
