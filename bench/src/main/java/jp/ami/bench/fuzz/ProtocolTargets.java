package jp.ami.bench.fuzz;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import jp.ami.model.CommPath;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.batch.BatchReader;
import jp.ami.protocol.batch.BatchResult;
import jp.ami.protocol.batch.BatchWriter;
import jp.ami.protocol.batch.TcpFraming;
import jp.ami.protocol.echonet.DecodeResult;
import jp.ami.protocol.echonet.Direction;
import jp.ami.protocol.echonet.EchonetLite;
import jp.ami.protocol.echonet.HistoryDay;
import jp.ami.protocol.echonet.HistoryDayCodec;
import jp.ami.protocol.echonet.MeterReading;
import jp.ami.protocol.echonet.MeterReadingDecoder;
import jp.ami.protocol.echonet.MeterReadingEncoder;
import jp.ami.protocol.envelope.EnvelopeOpener;
import jp.ami.protocol.envelope.EnvelopeSealer;
import jp.ami.protocol.envelope.MeterKeys;
import jp.ami.protocol.envelope.OpenResult;
import jp.ami.protocol.recollect.RecollectRequest;

/**
 * The fuzz targets of the meter-facing wire formats (protocol module), each with valid seeds built by the real
 * encoders: the ECHONET Lite plaintext decoders, the sealed envelope (header, AES-GCM open, then decode), the batch
 * frame, the TCP length framing (Netty's decoder in a real channel pipeline), re-collection requests and acks.
 */
final class ProtocolTargets {
    static final MeterKeys KEYS = new MeterKeys(HexFormat.of().parseHex("00112233445566778899aabbccddeeff"));
    static final long METER = 5_000_001L;
    static final long BOUNDARY = 1_795_000_000L - 1_795_000_000L % 1800;
    /** The JST midnight before {@link #BOUNDARY}. */
    static final long JST_DAY = BOUNDARY - Math.floorMod(BOUNDARY + 9 * 3600, 86_400);

    private ProtocolTargets() {
    }

    static List<FuzzTarget> all() {
        return List.of(echonet(), envelope(), batch(), tcpFraming(), recollect(), ack());
    }

    /** Plaintexts of every kind a meter sends: INF normal and reverse, Get_Res, Get_SNA, a 0xE2 history day. */
    static List<byte[]> plaintexts() {
        List<byte[]> out = new ArrayList<>();
        MeterReading r = new MeterReading();
        out.add(MeterReadingEncoder.toBytes(r.set(7, Direction.NORMAL, BOUNDARY, 123_456, 1, 6, 0x02)));
        out.add(MeterReadingEncoder.toBytes(r.set(8, Direction.REVERSE, BOUNDARY, 42, 10, 8, 0x01)));
        out.add(MeterReadingEncoder.toBytes(r.set(9, Direction.NORMAL, BOUNDARY, 99_999, 1, 6, 0x02).esv(EchonetLite.ESV_GET_RES)));
        ByteBuffer sna = ByteBuffer.allocate(MeterReadingEncoder.GET_SNA_LENGTH);
        MeterReadingEncoder.encodeGetSna(10, 0xEA, sna);
        out.add(sna.array());
        HistoryDay h = new HistoryDay().set(11, JST_DAY, 1, 1, 6, 0x02);
        for (int k = 0; k < HistoryDay.VALUES; k += 3) {
            h.value(k, 1000 + k);
        }
        ByteBuffer hb = ByteBuffer.allocate(HistoryDayCodec.encodedLength(h));
        HistoryDayCodec.encode(h, hb);
        out.add(hb.array());
        return out;
    }

    static List<byte[]> envelopes() {
        EnvelopeSealer sealer = new EnvelopeSealer(KEYS);
        List<byte[]> out = new ArrayList<>();
        long counter = 1;
        for (byte[] p : plaintexts()) {
            out.add(sealer.seal(METER, counter++, p));
        }
        return out;
    }

    /** The plaintext decoders: a history answer by {@link HistoryDayCodec}, anything else by {@link MeterReadingDecoder}. */
    static FuzzTarget echonet() {
        MeterReading reading = new MeterReading();
        HistoryDay day = new HistoryDay();
        return new Simple("echonet", plaintexts(), input -> decodePlaintext(ByteBuffer.wrap(input), reading, day));
    }

    static String decodePlaintext(ByteBuffer plain, MeterReading reading, HistoryDay day) {
        if (HistoryDayCodec.carriesHistory(plain)) {
            return "history:" + HistoryDayCodec.decode(plain, day);
        }
        DecodeResult d = MeterReadingDecoder.decode(plain, reading);
        return "reading:" + d;
    }

    /** A sealed envelope as the head-end opens it: header, AES-GCM with the meter's key, then the plaintext decoders. */
    static FuzzTarget envelope() {
        EnvelopeOpener opener = new EnvelopeOpener(KEYS);
        ByteBuffer plain = ByteBuffer.allocate(70_000);
        MeterReading reading = new MeterReading();
        HistoryDay day = new HistoryDay();
        return new Simple("envelope", envelopes(), input -> {
            OpenResult header = opener.parseHeader(ByteBuffer.wrap(input));
            if (header != OpenResult.OK) {
                return "header:" + header;
            }
            plain.clear();
            OpenResult opened = opener.open(plain);
            if (opened != OpenResult.OK) {
                return "open:" + opened;
            }
            plain.flip();
            return decodePlaintext(plain, reading, day);
        });
    }

    static List<byte[]> batches() {
        List<byte[]> out = new ArrayList<>();
        BatchWriter w = new BatchWriter();
        List<byte[]> envelopes = envelopes();
        for (int n = 0; n <= envelopes.size(); n += envelopes.size()) {
            ByteBuffer dst = ByteBuffer.allocate(64 * 1024);
            w.begin(dst, CommPath.WISUN, 12, 34);
            for (int i = 0; i < n; i++) {
                w.add(envelopes.get(i));
            }
            int len = w.finish();
            out.add(java.util.Arrays.copyOf(dst.array(), len));
        }
        return out;
    }

    /** A batch frame: header and entry walk, then each envelope's header. */
    static FuzzTarget batch() {
        BatchReader reader = new BatchReader();
        EnvelopeOpener opener = new EnvelopeOpener(KEYS);
        return new Simple("batch", batches(), input -> {
            BatchResult r = reader.of(ByteBuffer.wrap(input));
            if (r != BatchResult.OK) {
                return "batch:" + r;
            }
            int ok = 0;
            while (reader.next()) {
                if (opener.parseHeader(reader.buffer(), reader.envelopeOffset(), reader.envelopeLength()) == OpenResult.OK) {
                    ok++;
                }
            }
            return "batch:OK:" + Math.min(ok, 3);
        });
    }

    /**
     * The TCP stream: length-prefixed batch frames through the head-end's frame decoder in a real Netty pipeline
     * (an {@link EmbeddedChannel}), fed in two chunks; a too-long or corrupt length is the decoder's rejection.
     */
    static FuzzTarget tcpFraming() {
        List<byte[]> seeds = new ArrayList<>();
        for (byte[] b : batches()) {
            ByteBuffer framed = ByteBuffer.allocate(4 + b.length).putInt(b.length).put(b);
            seeds.add(framed.array());
        }
        return new FuzzTarget() {
            @Override
            public String name() {
                return "tcp-framing";
            }

            @Override
            public List<byte[]> seeds() {
                return seeds;
            }

            @Override
            public String exercise(byte[] input) {
                EmbeddedChannel ch = new EmbeddedChannel(TcpFraming.newDecoder(TcpFraming.MAX_FRAME_LENGTH));
                try {
                    int cut = input.length / 2;
                    ch.writeInbound(Unpooled.copiedBuffer(input, 0, cut));
                    ch.writeInbound(Unpooled.copiedBuffer(input, cut, input.length - cut));
                    int frames = 0;
                    for (ByteBuf f = ch.readInbound(); f != null; f = ch.readInbound()) {
                        frames++;
                        f.release();
                    }
                    ch.checkException();
                    return "frames:" + Math.min(frames, 3);
                } finally {
                    ch.finishAndReleaseAll();
                }
            }

            @Override
            public boolean isRejection(Throwable t) {
                return t instanceof DecoderException;
            }

            @Override
            public String rejectionOutcome(Throwable t) {
                return "refused:" + t.getClass().getSimpleName();
            }
        };
    }

    static FuzzTarget recollect() {
        List<byte[]> seeds = List.of(
                new RecollectRequest(CommPath.PLC, 3, 77, new long[]{METER, METER + 1}, new long[]{BOUNDARY, BOUNDARY}).toBytes(),
                RecollectRequest.historyPull(CommPath.WISUN, 4, 78, new long[]{METER}, new long[]{JST_DAY - 86_400}).toBytes());
        return new Simple("recollect", seeds, input -> "ok:" + RecollectRequest.decode(input).count());
    }

    static FuzzTarget ack() {
        List<byte[]> seeds = List.of(AckFrame.journaled(5, 10, 1, 2).toBytes(), AckFrame.malformed(6).toBytes(),
                AckFrame.overloaded(7).toBytes());
        return new Simple("ack", seeds, input -> "ok:" + AckFrame.decode(input).status());
    }

    /** A target from a name, seeds, an optional rejection labeller and a function. */
    record Simple(String name, List<byte[]> seeds, java.util.function.Function<Throwable, String> labeller, Body body)
            implements FuzzTarget {
        interface Body {
            String run(byte[] input) throws Exception;
        }

        Simple(String name, List<byte[]> seeds, Body body) {
            this(name, seeds, null, body);
        }

        @Override
        public String exercise(byte[] input) throws Exception {
            return body.run(input);
        }

        @Override
        public String rejectionOutcome(Throwable t) {
            return labeller == null ? FuzzTarget.super.rejectionOutcome(t) : labeller.apply(t);
        }
    }
}
