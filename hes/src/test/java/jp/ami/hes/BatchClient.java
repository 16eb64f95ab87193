package jp.ami.hes;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import jp.ami.hes.coap.CoapIngestServer;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.batch.AckStatus;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;

/** Test clients, one per transport: send a batch frame, wait for its ack. */
interface BatchClient extends AutoCloseable {
    AckFrame send(byte[] batch) throws Exception;

    @Override
    void close();

    static BatchClient connect(Transport transport, HesServer server) throws IOException {
        return switch (transport) {
            case TCP -> new Tcp(server.tcpPort());
            case COAP -> new Coap(server.coapPort());
        };
    }

    /** Blocking socket writing u32-length-prefixed frames. */
    final class Tcp implements BatchClient {
        private final Socket socket = new Socket();
        private final DataOutputStream out;
        private final DataInputStream in;

        Tcp(int port) throws IOException {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            out = new DataOutputStream(socket.getOutputStream());
            in = new DataInputStream(socket.getInputStream());
        }

        /** Writes raw bytes as one length-prefixed frame. */
        @Override
        public AckFrame send(byte[] batch) throws IOException {
            out.writeInt(batch.length);
            out.write(batch);
            out.flush();
            return readAck();
        }

        AckFrame readAck() throws IOException {
            int len = in.readInt();
            byte[] ack = new byte[len];
            in.readFully(ack);
            return AckFrame.decode(ack);
        }

        void writeRaw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // test teardown
            }
        }
    }

    /** Californium client on an explicit endpoint built from the in-code configuration. */
    final class Coap implements BatchClient {
        private final CoapEndpoint endpoint;
        private final CoapClient client;

        Coap(int port) throws IOException {
            endpoint = new CoapEndpoint.Builder()
                    .setConfiguration(CoapIngestServer.configuration())
                    .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0))
                    .build();
            endpoint.start();
            client = new CoapClient("coap://127.0.0.1:" + port + "/" + CoapIngestServer.RESOURCE);
            client.setEndpoint(endpoint);
            client.setTimeout(10_000L);
        }

        @Override
        public AckFrame send(byte[] batch) throws Exception {
            CoapResponse response = client.post(batch, MediaTypeRegistry.APPLICATION_OCTET_STREAM);
            if (response == null) {
                throw new IOException("no CoAP response");
            }
            AckFrame ack = AckFrame.decode(response.getPayload());
            ResponseCode expected = ack.status() == AckStatus.JOURNALED ? ResponseCode.CHANGED
                    : ack.status() == AckStatus.MALFORMED_BATCH ? ResponseCode.BAD_REQUEST
                    : ResponseCode.SERVICE_UNAVAILABLE;
            if (response.getCode() != expected) {
                throw new AssertionError("response code " + response.getCode() + " for " + ack);
            }
            return ack;
        }

        @Override
        public void close() {
            client.shutdown();
            endpoint.destroy();
        }
    }
}
