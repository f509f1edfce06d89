package dev.jury.rewards;

import java.util.Locale;
import java.util.regex.Pattern;

/** Address checks shared by the wallet table and leaves. */
final class Wallets {

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    private Wallets() {}

    /**
     * Checks the shape of an address and lower-cases it (EIP-55 mixed case is only a checksum).
     *
     * @throws IllegalArgumentException if it is not {@code 0x} and 40 hex digits
     */
    static String normalise(String address) {
        if (address == null || !ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException("not an address (0x and 40 hex digits): " + address);
        }
        return address.toLowerCase(Locale.ROOT);
    }
}
