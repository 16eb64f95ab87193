package jp.ami.mdms.xml;

import java.io.IOException;
import java.io.OutputStream;

/** Keeps the XML writer from closing the ZIP stream. */
final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
