package jp.ami.bench.fuzz;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jp.ami.bench.fuzz.ProtocolTargets.Simple;
import jp.ami.front.FrontConfig;
import jp.ami.front.RequestRouter;
import jp.ami.protocol.batch.BatchReader;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.coap.MessageFormatException;
import org.eclipse.californium.core.coap.Request;
import jp.ami.hes.coap.PayloadCheckingUdpDataParser;
import org.eclipse.californium.core.network.serialization.UdpDataParser;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.eclipse.californium.elements.util.Bytes;

/**
 * The fuzz targets of the transports in front of the parsers: a retailer's HTTP request through the front's HTTP
 * decoder (Netty's {@link HttpServerCodec} with the front's limits, in a real channel pipeline) and its router
 * ({@link RequestRouter#route}: forward or refuse with a reason), and a CoAP datagram through the head-end's
 * Californium parser ({@link PayloadCheckingUdpDataParser}: header, token, options), whose payload, for a request,
 * goes on to the batch reader.
 */
final class TransportTargets {
    private TransportTargets() {
    }

    static List<FuzzTarget> all() {
        return List.of(frontHttp(), coapDatagram());
    }

    static FuzzTarget frontHttp() {
        String json = "{\"supplyPointId\":\"0300000000000000000016\",\"switchDate\":\"2026-12-04\"}";
        List<byte[]> seeds = List.of(
                ascii("GET /30min/FileListReceiver HTTP/1.1\r\nHost: front\r\n\r\n"),
                ascii("GET /30min/FileListReceiver?since=W41110202612040030000001.zip HTTP/1.1\r\nHost: front\r\n\r\n"),
                ascii("GET /30min/FileReceiver?file=W41110202612040030000001.zip HTTP/1.1\r\nHost: front\r\nAccept: */*\r\n\r\n"),
                ascii("GET /usage/FileReceiver?file=W5000020261204000000001.zip HTTP/1.1\r\nHost: front\r\n\r\n"),
                ascii("GET /switching/IF_10620?id=A000000001 HTTP/1.1\r\nHost: front\r\nConnection: keep-alive\r\n\r\n"
                        + "GET /screen/ HTTP/1.1\r\nHost: front\r\n\r\n"),
                ascii("POST /switching/IF_10610 HTTP/1.1\r\nHost: front\r\nContent-Type: application/json\r\nContent-Length: "
                        + json.length() + "\r\n\r\n" + json),
                ascii("GET /switching/IF_11110?since=5&limit=10 HTTP/1.1\r\nHost: front\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"));
        return new Simple("front-http", seeds, input -> {
            EmbeddedChannel ch = new EmbeddedChannel(new HttpServerCodec(FrontConfig.DEFAULT_MAX_INITIAL_LINE_LENGTH,
                    FrontConfig.DEFAULT_MAX_HEADER_SIZE, 8192));
            try {
                ch.writeInbound(Unpooled.wrappedBuffer(input));
                String outcome = "none";
                for (Object m = ch.readInbound(); m != null; m = ch.readInbound()) {
                    try {
                        if (m instanceof HttpRequest req) {
                            if (req.decoderResult().isFailure()) {
                                outcome = "http:bad:" + req.decoderResult().cause().getClass().getSimpleName();
                            } else {
                                RequestRouter.Decision d = RequestRouter.route(req);
                                outcome = d instanceof RequestRouter.Forward f ? "forward:" + f.route().path()
                                        : "refuse:" + ((RequestRouter.Refuse) d).reason();
                            }
                        }
                    } finally {
                        ReferenceCountUtil.release(m);
                    }
                }
                ch.checkException();
                return outcome;
            } finally {
                ch.finishAndReleaseAll();
            }
        });
    }

    static FuzzTarget coapDatagram() {
        List<byte[]> seeds = new ArrayList<>();
        UdpDataSerializer serializer = new UdpDataSerializer();
        int mid = 1;
        for (byte[] batch : ProtocolTargets.batches()) {
            Request post = Request.newPost();
            post.setMID(mid++);
            post.setToken(new byte[]{1, 2, 3, 4});
            post.getOptions().setUriPath("batch").setContentFormat(42);
            post.setPayload(batch);
            seeds.add(serializer.getByteArray(post));
        }
        Request get = Request.newGet();
        get.setMID(mid);
        get.setToken(Bytes.EMPTY);
        get.getOptions().setUriPath("recollect").setObserve(0).setUriQuery("a=1").setBlock2(6, false, 0);
        seeds.add(serializer.getByteArray(get));
        UdpDataParser parser = new PayloadCheckingUdpDataParser(); // the head-end's parser
        BatchReader reader = new BatchReader();
        return new Simple("coap-datagram", seeds, TransportTargets::coapRefusal, input -> {
            Message m;
            try {
                m = parser.parseMessage(input);
            } catch (MessageFormatException e) {
                return coapRefusal(e); // Californium's refusal of a malformed datagram (CoAPMessageFormatException too)
            }
            if (m instanceof Request r && r.getCode() == CoAP.Code.POST && r.getPayloadSize() > 0) {
                String path = r.getOptions().getUriPathString();
                return "post:" + (path.equals("batch") || path.equals("recollect") ? path : "other") + ":"
                        + reader.of(ByteBuffer.wrap(r.getPayload()));
            }
            return "message:" + m.getType() + ":" + (m.getRawCode() >> 5); // by code class
        });
    }

    private static String coapRefusal(Throwable t) {
        return "refused:" + t.getClass().getSimpleName();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
