package jp.ami.bench;

import java.util.List;
import java.util.concurrent.Callable;
import org.openjdk.jmh.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code ./ami bench jmh [JMH options] [regexp]}: runs the JMH benchmarks of this module with JMH's own options. Every
 * forked benchmark JVM gets the flags Chronicle Queue needs ({@link #CHRONICLE_FLAGS}) appended, before any
 * {@code -jvmArgsAppend} of the caller's.
 */
@Command(name = "jmh", mixinStandardHelpOptions = true,
        description = {"Run the JMH hot-path benchmarks; arguments are JMH's own (e.g. -f 1 -wi 2 -i 3 -r 2s FrameDecode).",
                "`./ami bench jmh -l` lists them."})
public final class JmhCommand implements Callable<Integer> {
    /** Everything after {@code jmh} that is not {@code --help}/{@code --version} goes to JMH unchanged. */
    @CommandLine.Unmatched
    List<String> args = new java.util.ArrayList<>();

    /** What every JVM that opens a Chronicle queue needs (as in {@code ./ami} and the surefire argLine). */
    static final String CHRONICLE_FLAGS = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED"
            + " --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED"
            + " --add-opens=java.base/java.lang=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED"
            + " -Dchronicle.analytics.disable=true -Dchronicle.announcer.disable=true";

    @Override
    public Integer call() throws Exception {
        Main.main(withChronicleFlags(args).toArray(String[]::new));
        return 0;
    }

    /** {@code args} with {@link #CHRONICLE_FLAGS} in front of the caller's {@code -jvmArgsAppend}, or added. */
    static List<String> withChronicleFlags(List<String> args) {
        List<String> out = new java.util.ArrayList<>(args);
        int i = out.indexOf("-jvmArgsAppend");
        if (i >= 0 && i + 1 < out.size()) {
            out.set(i + 1, CHRONICLE_FLAGS + " " + out.get(i + 1));
        } else {
            out.add(0, "-jvmArgsAppend");
            out.add(1, CHRONICLE_FLAGS);
        }
        return out;
    }
}
