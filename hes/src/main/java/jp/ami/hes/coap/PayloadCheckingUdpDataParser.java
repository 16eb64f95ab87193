package jp.ami.hes.coap;

import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.coap.MessageFormatException;
import org.eclipse.californium.core.network.serialization.UdpDataParser;
import org.eclipse.californium.elements.util.DatagramReader;

/**
 * Californium's UDP parser, with one kind of malformed datagram refused the way the others are: a payload its
 * message kind does not allow (an empty message with a payload) or larger than its own Block1/Block2 size makes
 * Californium throw {@link IllegalStateException} from the payload setter, which its endpoint logs at ERROR with a
 * stack trace per datagram (a log flood that slowed the head-end under a junk flood: {@code ./ami bench flood}).
 * Here it becomes the {@link MessageFormatException} the endpoint drops quietly. Found by {@code ./ami bench fuzz}
 * (target {@code coap-datagram}); the inputs are in the head-end's {@code CoapFuzzRegressionTest}.
 */
public final class PayloadCheckingUdpDataParser extends UdpDataParser {
    @Override
    public void parseOptionsAndPayload(DatagramReader reader, Message message) {
        try {
            super.parseOptionsAndPayload(reader, message);
        } catch (IllegalStateException e) {
            throw new MessageFormatException("payload not allowed: " + e.getMessage());
        }
    }
}
