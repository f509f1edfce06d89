package dev.jury.api.signin;

/**
 * Why a sign-in message was refused. {@link #malformed()} separates text that is not an EIP-4361
 * message at all from a well-formed message whose claims do not hold (wrong domain, stale, wrong
 * signer, used nonce); the routes answer the first with 400 and the second with 401 or 403.
 */
public final class SiweException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean malformed;

    private SiweException(boolean malformed, String detail) {
        super(detail, null, false, false);
        this.malformed = malformed;
    }

    /** The text does not follow EIP-4361's grammar. */
    static SiweException malformed(String detail) {
        return new SiweException(true, detail);
    }

    /** The message parses, but one of its claims or its signature does not hold. */
    static SiweException rejected(String detail) {
        return new SiweException(false, detail);
    }

    /** Whether the message could not be parsed, rather than was refused. */
    public boolean malformed() {
        return malformed;
    }
}
