package jp.ami.protocol.envelope;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Head-end side: a reusable flyweight over one {@link Envelope} at a time. First {@link #parseHeader} (no
 * crypto) so the caller can check the meter and frame counter cheaply, then {@link #open} to verify the tag
 * and decrypt into a plaintext buffer.
 *
 * <pre>
 * 0  version u8 | 1 meterId u64 | 9 frameCounter u32 | 13 payloadLength u16 | 15 ciphertext | tag [16]
 * </pre>
 *
 * <p><b>Not thread-safe</b>: it holds one {@link Cipher} and the current envelope; use one opener per thread.
 * The envelope buffer's position and limit are never changed.
 */
public final class EnvelopeOpener {
    private final MeterKeys keys;
    private final Cipher cipher = EnvelopeSealer.newCipher();
    /** The current meter's key, reused from frame to frame (the JCE copies it on init). */
    private final ReusableKey key = new ReusableKey();
    private final byte[] aad = new byte[Envelope.HEADER_LENGTH];
    private final byte[] nonce = new byte[Envelope.NONCE_LENGTH];
    private ByteBuffer source;
    private ByteBuffer view;
    private int offset;
    private int length;
    private long meterId;
    private long frameCounter;
    private int payloadLength;
    private boolean headerOk;

    public EnvelopeOpener(MeterKeys keys) {
        this.keys = keys;
    }

    /** Parses the envelope between {@code src.position()} and {@code src.limit()}. */
    public OpenResult parseHeader(ByteBuffer src) {
        return parseHeader(src, src.position(), src.remaining());
    }

    /** Parses the readable bytes of {@code src} (indices unchanged); the buffer must stay valid until {@link #open}. */
    public OpenResult parseHeader(ByteBuf src) {
        return parseHeader(src.nioBuffer(src.readerIndex(), src.readableBytes()));
    }

    /**
     * Parses the envelope of {@code length} bytes at absolute index {@code offset} of {@code src}: version,
     * meter ID, frame counter, payload length. No cryptography.
     */
    public OpenResult parseHeader(ByteBuffer src, int offset, int length) {
        headerOk = false;
        meterId = 0;
        frameCounter = 0;
        payloadLength = 0;
        if (length < Envelope.HEADER_LENGTH + Envelope.TAG_LENGTH) {
            return OpenResult.MALFORMED;
        }
        if ((src.get(offset) & 0xFF) != Envelope.VERSION) {
            return OpenResult.BAD_VERSION;
        }
        meterId = src.getLong(offset + Envelope.OFFSET_METER_ID);
        frameCounter = src.getInt(offset + Envelope.OFFSET_FRAME_COUNTER) & 0xFFFF_FFFFL;
        payloadLength = src.getShort(offset + Envelope.OFFSET_PAYLOAD_LENGTH) & 0xFFFF;
        if (payloadLength > Envelope.MAX_PAYLOAD) {
            return OpenResult.TOO_LARGE;
        }
        if (length != Envelope.sealedLength(payloadLength)) {
            return OpenResult.MALFORMED;
        }
        if (src != source) {
            source = src;
            view = src.duplicate();
        }
        this.offset = offset;
        this.length = length;
        headerOk = true;
        return OpenResult.OK;
    }

    public long meterId() {
        return meterId;
    }

    /** The frame counter, u32 as a long. */
    public long frameCounter() {
        return frameCounter;
    }

    /** Ciphertext (= plaintext) length. */
    public int payloadLength() {
        return payloadLength;
    }

    /**
     * Verifies and decrypts the envelope last parsed with result OK. The plaintext is written at
     * {@code plaintextOut.position()} (advanced by {@link #payloadLength()}) only when the tag verifies.
     *
     * @return {@link OpenResult#OK} or {@link OpenResult#BAD_TAG}
     * @throws IllegalStateException if the last {@code parseHeader} did not return OK
     * @throws IllegalArgumentException if {@code plaintextOut} has less than {@link #payloadLength()} remaining
     */
    public OpenResult open(ByteBuffer plaintextOut) {
        if (!headerOk) {
            throw new IllegalStateException("parseHeader did not return OK");
        }
        if (plaintextOut.remaining() < payloadLength) {
            throw new IllegalArgumentException("plaintext buffer too small: " + plaintextOut.remaining() + " < " + payloadLength);
        }
        for (int i = 0; i < Envelope.HEADER_LENGTH; i++) {
            aad[i] = source.get(offset + i);
        }
        System.arraycopy(aad, Envelope.OFFSET_METER_ID, nonce, 0, Envelope.NONCE_LENGTH);
        int start = offset + Envelope.HEADER_LENGTH;
        view.limit(offset + length);
        view.position(start);
        int outStart = plaintextOut.position();
        try {
            keys.keyBytes(meterId, key.bytes, 0);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(Envelope.TAG_LENGTH * 8, nonce));
            cipher.updateAAD(aad);
            cipher.doFinal(view, plaintextOut);
            return OpenResult.OK;
        } catch (AEADBadTagException e) {
            plaintextOut.position(outStart);
            return OpenResult.BAD_TAG;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM opening failed", e);
        }
    }

    /**
     * A mutable AES key holder, so opening a frame does not allocate a {@link javax.crypto.spec.SecretKeySpec}:
     * {@link #getEncoded} returns a copy (which the JCE zeroes after use). Never leaves the opener.
     */
    private static final class ReusableKey implements javax.crypto.SecretKey {
        private static final long serialVersionUID = 1L;
        final transient byte[] bytes = new byte[MeterKeys.KEY_LENGTH];

        @Override
        public String getAlgorithm() {
            return "AES";
        }

        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            return bytes.clone();
        }
    }
}
