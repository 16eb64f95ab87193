package jp.ami.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FrontConfigTest {
    static final Path CERT = Path.of("server.crt.pem");
    static final Path KEY = Path.of("server.key.pem");
    static final Path CA = Path.of("ca.crt.pem");

    @Test
    void the_builder_starts_from_the_documented_defaults() {
        FrontConfig c = FrontConfig.builder(CERT, KEY, CA).build();
        assertThat(c).isEqualTo(FrontConfig.defaults(CERT, KEY, CA));
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8443);
        assertThat(c.backendPort()).isEqualTo(8081);
        assertThat(c.switchingPort()).isEqualTo(8084);
        assertThat(c.backendConnectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.backendResponseTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.reloadInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.sslProvider()).isEqualTo(SslProvider.OPENSSL);
        assertThat(c.crlFile()).isNull();
        assertThat(c.suspensionFile()).isNull();
        assertThat(c.limits()).isEqualTo(FrontConfig.Limits.defaults());
    }

    @Test
    void the_command_without_options_gives_the_defaults() {
        FrontCommand command = new FrontCommand();
        new CommandLine(command).parseArgs("--cert", CERT.toString(), "--key", KEY.toString(), "--ca", CA.toString());
        assertThat(command.config()).isEqualTo(FrontConfig.defaults(CERT, KEY, CA));
    }

    @Test
    void to_builder_changes_only_what_is_set_and_build_checks_like_the_constructor() {
        FrontConfig base = FrontConfig.builder(CERT, KEY, CA).crlFile(Path.of("crl.pem")).suspensionFile(null).build();
        FrontConfig moved = base.toBuilder().host("0.0.0.0").port(0).build();
        assertThat(moved).isEqualTo(new FrontConfig("0.0.0.0", 0, CERT, KEY, CA, base.backendHost(), base.backendPort(),
                base.backendConnectTimeout(), base.backendResponseTimeout(), base.maxInitialLineLength(),
                base.maxHeaderSize(), base.handshakeTimeout(), base.sslProvider(), base.ioThreads(), Path.of("crl.pem"),
                null, base.reloadInterval(), base.limits(), base.switchingHost(), base.switchingPort()));
        assertThat(base.withListen("0.0.0.0", 0)).isEqualTo(moved);
        assertThatThrownBy(() -> base.toBuilder().backendHost("127.0.0.1").backendPort(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("backendPort: \"0\" is not a valid TCP port");
        assertThatThrownBy(() -> base.toBuilder().maxInitialLineLength(100).maxHeaderSize(8192).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("maxInitialLineLength");
    }
}
