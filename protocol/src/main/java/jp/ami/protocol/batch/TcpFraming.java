package jp.ami.protocol.batch;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;

/**
 * TCP framing of batch and ack frames: each frame is preceded by its length as a u32, big-endian.
 *
 * <pre>
 * +------------+---------------------------+
 * | length u32 | frame [length]            |      (batch ≤ 512 KiB, ack 18 bytes)
 * +------------+---------------------------+
 * </pre>
 *
 * Inbound, a {@link LengthFieldBasedFrameDecoder} strips the prefix and rejects frames over the limit with
 * a {@link io.netty.handler.codec.TooLongFrameException}; outbound, a shared {@link LengthFieldPrepender} adds it.
 */
public final class TcpFraming {
    /** Largest frame accepted inbound, the length field included. */
    public static final int MAX_FRAME_LENGTH = BatchFrame.MAX_BYTES + 4;
    public static final String DECODER_NAME = "frameDecoder";
    public static final String PREPENDER_NAME = "framePrepender";

    /** Stateless, {@code @Sharable}. */
    private static final LengthFieldPrepender PREPENDER = new LengthFieldPrepender(4);

    private TcpFraming() {
    }

    /** Adds the decoder and the prepender at the end of {@code pipeline}. */
    public static ChannelPipeline addTo(ChannelPipeline pipeline) {
        return addTo(pipeline, MAX_FRAME_LENGTH);
    }

    public static ChannelPipeline addTo(ChannelPipeline pipeline, int maxFrameLength) {
        return pipeline.addLast(DECODER_NAME, newDecoder(maxFrameLength)).addLast(PREPENDER_NAME, PREPENDER);
    }

    /** A new (stateful, per-channel) decoder. */
    public static LengthFieldBasedFrameDecoder newDecoder(int maxFrameLength) {
        return new LengthFieldBasedFrameDecoder(maxFrameLength, 0, 4, 0, 4);
    }

    public static LengthFieldPrepender prepender() {
        return PREPENDER;
    }
}
