package jp.ami.bench.fuzz;

import java.nio.ByteBuffer;
import jp.ami.protocol.batch.BatchFrame;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Property-based checks (jqwik) of the parsers with generated inputs: arbitrary bytes, and batch frames whose
 * header is right and whose entries are arbitrary, so generation gets past the first check. Every input is accepted
 * or refused by the parser's own rule — never a crash. jqwik shrinks a failing input to a small one.
 */
class ParserProperties {
    @Property(tries = 3000)
    void arbitrary_bytes_never_crash_a_parser(@ForAll @Size(max = 400) byte[] input, @ForAll("targetIndex") int t) throws Exception {
        FuzzTarget target = FuzzTargets.all().get(t);
        exercise(target, input);
    }

    @Provide
    Arbitrary<Integer> targetIndex() {
        return Arbitraries.integers().between(0, FuzzTargets.all().size() - 1);
    }

    @Property(tries = 3000)
    void batch_frames_with_a_valid_header_and_arbitrary_entries_never_crash(@ForAll("batchFrames") byte[] frame) throws Exception {
        exercise(ProtocolTargets.batch(), frame);
        exercise(ProtocolTargets.tcpFraming(), ByteBuffer.allocate(4 + frame.length).putInt(frame.length).put(frame).array());
    }

    @Provide
    Arbitrary<byte[]> batchFrames() {
        Arbitrary<byte[]> entry = Arbitraries.bytes().array(byte[].class).ofMaxSize(120);
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 20),
                entry.list().ofMaxSize(12), Arbitraries.integers().between(-2, 2)).as((path, count, entries, skew) -> {
                    ByteBuffer b = ByteBuffer.allocate(BatchFrame.HEADER_LENGTH + entries.size() * 122 + 8);
                    b.put((byte) 'A').put((byte) 'B').put((byte) 1).put(path.byteValue()).putInt(77).putLong(5)
                            .putShort((short) Math.max(0, entries.size() + (count % 3 == 0 ? skew : 0)));
                    for (byte[] e : entries) {
                        b.putShort((short) (e.length + (count % 5 == 0 ? skew : 0))).put(e);
                    }
                    return java.util.Arrays.copyOf(b.array(), b.position());
                });
    }

    private static void exercise(FuzzTarget target, byte[] input) throws Exception {
        try {
            target.exercise(input);
        } catch (Exception e) {
            if (!target.isRejection(e)) {
                throw new AssertionError(target.name() + " crashed on " + java.util.HexFormat.of().formatHex(input), e);
            }
        }
    }
}
