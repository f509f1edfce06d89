package dev.jury.api.signin;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.crypto.Keys;

/**
 * One EIP-4361 ("Sign-In with Ethereum") message, parsed strictly: every line in the order the
 * standard gives, nothing before or after, an EIP-55 checksummed address, version 1, a nonce of at
 * least eight letters and digits, RFC 3339 times. A wallet shows the user exactly this text, so
 * anything the grammar does not allow is refused rather than guessed at.
 *
 * @param scheme the URI scheme before the domain, or null when the message has none
 * @param domain the RFC 3986 authority that asks for the signature ({@code host[:port]})
 * @param address the signing account, as written (checksummed)
 * @param statement the human-readable assertion, or null
 * @param uri the subject of the signing
 * @param version always {@code "1"}
 * @param chainId the EIP-155 chain id
 * @param nonce the nonce the API issued
 * @param issuedAt when the message was made
 * @param expirationTime when it stops being valid, or null
 * @param notBefore when it starts being valid, or null
 * @param requestId the optional request id, or null
 * @param resources the optional resource URIs, possibly empty
 */
public record SiweMessage(
        String scheme,
        String domain,
        String address,
        String statement,
        String uri,
        String version,
        long chainId,
        String nonce,
        OffsetDateTime issuedAt,
        OffsetDateTime expirationTime,
        OffsetDateTime notBefore,
        String requestId,
        List<String> resources) {

    /** Longest message accepted: far above any real one, small enough to bound parsing work. */
    public static final int MAX_LENGTH = 8_192;

    private static final String HEADER_SUFFIX = " wants you to sign in with your Ethereum account:";
    private static final Pattern HEADER =
            Pattern.compile(
                    "(?:([A-Za-z][A-Za-z0-9+.\\-]*)://)?"
                            + "((?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.\\-]+)(?::[0-9]{1,5})?)"
                            + Pattern.quote(HEADER_SUFFIX));
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9]{8,128}");
    private static final Pattern CHAIN_ID = Pattern.compile("[1-9][0-9]{0,17}");

    /**
     * Parses a message.
     *
     * @param text the exact text the wallet signed
     * @return the message
     * @throws SiweException (malformed) naming the first line that breaks the grammar
     */
    public static SiweMessage parse(String text) {
        if (text == null || text.isEmpty()) {
            throw SiweException.malformed("the message is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw SiweException.malformed(
                    "the message is longer than " + MAX_LENGTH + " characters");
        }
        if (text.indexOf('\r') >= 0) {
            throw SiweException.malformed("lines must end with LF only");
        }
        Lines lines = new Lines(text.split("\n", -1));

        Matcher header = HEADER.matcher(lines.next("the header"));
        if (!header.matches()) {
            throw SiweException.malformed("line 1 must be '<domain>" + HEADER_SUFFIX + "'");
        }
        String address = lines.next("the address");
        if (!ADDRESS.matcher(address).matches()) {
            throw SiweException.malformed("line 2 must be a 0x-prefixed 20-byte hex address");
        }
        if (!Keys.toChecksumAddress(address).equals(address)) {
            throw SiweException.malformed("the address is not EIP-55 checksummed");
        }
        lines.expectBlank();
        String statement = null;
        String line = lines.peek();
        if (line == null) {
            throw SiweException.malformed("the message ends after the address");
        }
        if (line.isEmpty()) {
            // The ABNF's form without a statement: two blank lines before the URI.
            lines.next("");
        } else if (!line.startsWith("URI: ")) {
            statement = lines.next("the statement");
            if (statement.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw SiweException.malformed("the statement holds a control character");
            }
            lines.expectBlank();
        }
        String uri = absoluteUri(lines.field("URI"), "URI");
        String version = lines.field("Version");
        if (!version.equals("1")) {
            throw SiweException.malformed("Version must be 1, got '" + version + "'");
        }
        String chain = lines.field("Chain ID");
        if (!CHAIN_ID.matcher(chain).matches()) {
            throw SiweException.malformed("Chain ID must be a positive integer");
        }
        String nonce = lines.field("Nonce");
        if (!NONCE.matcher(nonce).matches()) {
            throw SiweException.malformed("Nonce must be 8 to 128 letters and digits");
        }
        OffsetDateTime issuedAt = time(lines.field("Issued At"), "Issued At");
        OffsetDateTime expiration = null;
        OffsetDateTime notBefore = null;
        String requestId = null;
        List<String> resources = new ArrayList<>();
        if (lines.peekField("Expiration Time")) {
            expiration = time(lines.field("Expiration Time"), "Expiration Time");
        }
        if (lines.peekField("Not Before")) {
            notBefore = time(lines.field("Not Before"), "Not Before");
        }
        if (lines.peekField("Request ID")) {
            requestId = lines.field("Request ID");
            if (requestId.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw SiweException.malformed("Request ID holds a control character");
            }
        }
        if ("Resources:".equals(lines.peek())) {
            lines.next("Resources:");
            while (lines.peek() != null && lines.peek().startsWith("- ")) {
                resources.add(absoluteUri(lines.next("a resource").substring(2), "a resource"));
            }
        }
        if (lines.peek() != null) {
            throw SiweException.malformed(
                    "unexpected text on line "
                            + (lines.index + 1)
                            + ": '"
                            + shorten(lines.peek())
                            + "'");
        }
        if (expiration != null && !expiration.isAfter(issuedAt)) {
            throw SiweException.malformed("Expiration Time must be after Issued At");
        }
        return new SiweMessage(
                header.group(1),
                header.group(2),
                address,
                statement,
                uri,
                version,
                Long.parseLong(chain),
                nonce,
                issuedAt,
                expiration,
                notBefore,
                requestId,
                List.copyOf(resources));
    }

    /** The address in the lower-case form accounts store. */
    public String walletLowerCase() {
        return address.toLowerCase(Locale.ROOT);
    }

    private static String absoluteUri(String value, String what) {
        try {
            URI parsed = new URI(value);
            if (!parsed.isAbsolute()) {
                throw SiweException.malformed(what + " must be an absolute RFC 3986 URI");
            }
            return value;
        } catch (URISyntaxException e) {
            throw SiweException.malformed(what + " is not a valid URI");
        }
    }

    private static OffsetDateTime time(String value, String field) {
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw SiweException.malformed(field + " must be an RFC 3339 date-time");
        }
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    /** A cursor over the message's lines. */
    private static final class Lines {
        private final String[] lines;
        private int index;

        Lines(String[] lines) {
            this.lines = lines;
        }

        String peek() {
            return index < lines.length ? lines[index] : null;
        }

        String next(String what) {
            if (index >= lines.length) {
                throw SiweException.malformed("the message ends before " + what);
            }
            return lines[index++];
        }

        void expectBlank() {
            String line = next("a blank line");
            if (!line.isEmpty()) {
                throw SiweException.malformed("line " + index + " must be blank");
            }
        }

        boolean peekField(String name) {
            String line = peek();
            return line != null && line.startsWith(name + ": ");
        }

        String field(String name) {
            String line = next("'" + name + ":'");
            if (!line.startsWith(name + ": ")) {
                throw SiweException.malformed(
                        "line "
                                + index
                                + " must be '"
                                + name
                                + ": ...', got '"
                                + shorten(line)
                                + "'");
            }
            String value = line.substring(name.length() + 2);
            if (value.isEmpty()) {
                throw SiweException.malformed(name + " is empty");
            }
            return value;
        }
    }
}
