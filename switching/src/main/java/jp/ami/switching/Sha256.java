package jp.ami.switching;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as lower-case hex: request hashes (idempotency) and consent-password hashes. */
final class Sha256 {
    private Sha256() {
    }

    /** SHA-256 of the UTF-8 bytes of {@code text}, 64 lower-case hex digits. */
    static String hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
