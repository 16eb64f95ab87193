package jp.ami.bench;

import java.util.List;
import java.util.concurrent.Callable;
import org.openjdk.jmh.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code ./ami bench jmh [JMH options] [regexp]}: runs the JMH benchmarks of this module with JMH's own options. */
@Command(name = "jmh", mixinStandardHelpOptions = true,
        description = {"Run the JMH hot-path benchmarks; arguments are JMH's own (e.g. -f 1 -wi 2 -i 3 -r 2s FrameDecode).",
                "`./ami bench jmh -l` lists them."})
public final class JmhCommand implements Callable<Integer> {
    /** Everything after {@code jmh} that is not {@code --help}/{@code --version} goes to JMH unchanged. */
    @CommandLine.Unmatched
    List<String> args = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Main.main(args.toArray(String[]::new));
        return 0;
    }
}
