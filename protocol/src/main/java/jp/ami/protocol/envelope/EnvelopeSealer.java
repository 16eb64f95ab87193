package jp.ami.protocol.envelope;

import io.netty.buffer.ByteBuf;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import jp.ami.model.InvalidValueException;

/**
 * Meter side: seals a plaintext (an ECHONET Lite frame) into an {@link Envelope}.
 *
 * <pre>
 * version 0x01 | meterId u64 | frameCounter u32 | payloadLength u16 | AES-128-GCM(plaintext) | tag [16]
 * </pre>
 *
 * <p><b>Not thread-safe</b>: one {@link Cipher} is reused across calls; use one sealer per thread.
 * Sealing the same (meter, counter) twice in a row is allowed (a fresh cipher is used, since the JDK refuses to
 * re-initialise a GCM encryptor with the same key and nonce); the output is identical, as GCM is deterministic.
 */
public final class EnvelopeSealer {
    private final MeterKeys keys;
    private final byte[] header = new byte[Envelope.HEADER_LENGTH];
    private final byte[] nonce = new byte[Envelope.NONCE_LENGTH];
    private Cipher cipher;

    public EnvelopeSealer(MeterKeys keys) {
        this.keys = keys;
        this.cipher = newCipher();
    }

    /** Seals {@code plaintext} into a new array. */
    public byte[] seal(long meterId, long frameCounter, byte[] plaintext) {
        byte[] out = new byte[Envelope.sealedLength(plaintext.length)];
        seal(meterId, frameCounter, ByteBuffer.wrap(plaintext), ByteBuffer.wrap(out));
        return out;
    }

    /**
     * Seals the remaining bytes of {@code plaintext} (consumed) into {@code dst} at its position (advanced).
     *
     * @return the envelope length written
     */
    public int seal(long meterId, long frameCounter, ByteBuffer plaintext, ByteBuffer dst) {
        int len = plaintext.remaining();
        if (len > Envelope.MAX_PAYLOAD) {
            throw new InvalidValueException("payloadLength", len, "must be at most " + Envelope.MAX_PAYLOAD);
        }
        if (frameCounter < 0 || frameCounter > 0xFFFF_FFFFL) {
            throw new InvalidValueException("frameCounter", frameCounter, "must fit in u32");
        }
        int total = Envelope.sealedLength(len);
        if (dst.remaining() < total) {
            throw new BufferOverflowException();
        }
        header[0] = (byte) Envelope.VERSION;
        putLong(header, Envelope.OFFSET_METER_ID, meterId);
        putInt(header, Envelope.OFFSET_FRAME_COUNTER, (int) frameCounter);
        header[Envelope.OFFSET_PAYLOAD_LENGTH] = (byte) (len >>> 8);
        header[Envelope.OFFSET_PAYLOAD_LENGTH + 1] = (byte) len;
        putLong(nonce, 0, meterId);
        putInt(nonce, 8, (int) frameCounter);
        SecretKeySpec key = keys.keyFor(meterId);
        try {
            try {
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(Envelope.TAG_LENGTH * 8, nonce));
            } catch (InvalidAlgorithmParameterException sameKeyAndNonce) {
                cipher = newCipher();
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(Envelope.TAG_LENGTH * 8, nonce));
            }
            cipher.updateAAD(header);
            dst.put(header);
            int written = cipher.doFinal(plaintext, dst);
            assert written == len + Envelope.TAG_LENGTH;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM sealing failed", e);
        }
        return total;
    }

    /** Seals into {@code dst} at its writer index (advanced); returns the envelope length. */
    public int seal(long meterId, long frameCounter, ByteBuffer plaintext, ByteBuf dst) {
        int total = Envelope.sealedLength(plaintext.remaining());
        dst.ensureWritable(total);
        int w = dst.writerIndex();
        if (dst.nioBufferCount() == 1) {
            seal(meterId, frameCounter, plaintext, dst.nioBuffer(w, total));
            dst.writerIndex(w + total);
        } else {
            byte[] tmp = new byte[total];
            seal(meterId, frameCounter, plaintext, ByteBuffer.wrap(tmp));
            dst.writeBytes(tmp);
        }
        return total;
    }

    static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding unavailable", e);
        }
    }

    static void putLong(byte[] a, int at, long v) {
        for (int i = 0; i < 8; i++) {
            a[at + i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    static void putInt(byte[] a, int at, int v) {
        a[at] = (byte) (v >>> 24);
        a[at + 1] = (byte) (v >>> 16);
        a[at + 2] = (byte) (v >>> 8);
        a[at + 3] = (byte) v;
    }
}
