package jp.ami.bench.fuzz;

import java.util.ArrayList;
import java.util.List;

/** Every fuzz target, by name. */
public final class FuzzTargets {
    private FuzzTargets() {
    }

    /** A fresh instance of every target (targets hold reusable decoders: one instance per run). */
    public static List<FuzzTarget> all() {
        List<FuzzTarget> out = new ArrayList<>(ProtocolTargets.all());
        out.addAll(TextTargets.all());
        out.addAll(TransportTargets.all());
        return out;
    }

    public static List<String> names() {
        return all().stream().map(FuzzTarget::name).toList();
    }
}
