package jp.ami.switching;

import jp.ami.model.SupplyRegistry;
import jp.ami.switching.Events.Consent;
import jp.ami.switching.Events.Event;
import jp.ami.switching.Events.SwitchEffect;

/**
 * Event sourcing: the only way the switching state changes. {@link #commit} appends an {@link Event} to the
 * {@link SwitchingJournal} and only then applies it; {@link #replay} applies a journaled one through the same
 * {@link #apply} — so a replay after a restart reproduces exactly what was acknowledged: applications, idempotency
 * keys, the ID sequence, consents and the registry's switches. Not thread-safe: {@link SwitchingService} serialises
 * every call.
 */
final class SwitchingState {
    private final SwitchingJournal journal;
    private final SupplyRegistry registry;
    private final Applications applications;
    private final IdempotencyKeys keys;
    private final Consents consents;
    private final SwitchFeed feed = new SwitchFeed();
    private long events;

    SwitchingState(SwitchingJournal journal, SupplyRegistry registry, Applications applications, IdempotencyKeys keys,
            Consents consents) {
        this.journal = journal;
        this.registry = registry;
        this.applications = applications;
        this.keys = keys;
        this.consents = consents;
    }

    /** Journals {@code e} (durable before visible, before acknowledged), then applies it. */
    void commit(Event e) {
        journal.append(Events.write(e));
        apply(e);
    }

    /** Applies one journal document (start-up replay). */
    void replay(String json) {
        apply(Events.read(json));
    }

    private void apply(Event e) {
        for (Application a : e.apps()) {
            applications.put(a);
            keys.record(a);
        }
        for (SwitchEffect s : e.switches()) {
            registry.scheduleSwitch(s.point(), s.fromSlot(), s.retailer());
            feed.add(s, e.at());
        }
        for (Consent c : e.consents()) {
            consents.put(c);
        }
        events++;
    }

    /** Every switch applied so far, numbered in journal order (the internal feed for other processes). */
    SwitchFeed feed() {
        return feed;
    }

    /** Number of journal documents applied (replayed + written). */
    long events() {
        return events;
    }

    /**
     * A canonical text of the whole state — sequence, applications (journal form, ID order), idempotency keys,
     * consents and the registry's switches — for comparing states across restarts.
     */
    String dump() {
        StringBuilder sb = new StringBuilder();
        sb.append("sequence ").append(applications.sequence()).append('\n');
        for (Application a : applications.inIdOrder()) {
            sb.append("app ").append(Events.toJson(a, true)).append('\n');
        }
        keys.sorted().forEach((k, v) -> sb.append("key ").append(k).append(" -> ").append(v).append('\n'));
        consents.inPointOrder().forEach(c -> sb.append("consent ").append(c).append('\n'));
        for (int i = 0; i < registry.size(); i++) {
            for (SupplyRegistry.Switch s : registry.switches(i)) {
                sb.append("switch ").append(registry.pointAt(i)).append(' ').append(s.fromSlot()).append(' ').append(s.retailer()).append('\n');
            }
        }
        return sb.toString();
    }
}
