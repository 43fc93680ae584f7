package io.mysql2gp.loader.merge;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A naive model of a target table, a map from key text to row text: replays changes one by one, or
 * applies a merge result the way the set-based apply does (truncate, delete all, insert all).
 */
final class TargetModel {
    private TargetModel() {}

    /** The reference: every change applied in order, as the source did it. */
    static Map<String, String> replay(Map<String, String> initial, List<Change> changes) {
        Map<String, String> t = new HashMap<>(initial);
        for (Change c : changes) {
            switch (c.op()) {
                case INSERT -> t.put(c.keyNew(), c.rowNew());
                case UPDATE -> {
                    t.remove(c.keyOld());
                    t.put(c.keyNew(), c.rowNew());
                }
                case DELETE -> t.remove(c.keyOld());
                case TRUNCATE -> t.clear();
            }
        }
        return t;
    }

    /**
     * The apply: TRUNCATE, DELETE ... USING the keys, INSERT ... SELECT the rows. An insert over an
     * existing key fails as the primary key would.
     */
    static Map<String, String> apply(Map<String, String> initial, MergedTable merged) {
        Map<String, String> t = new HashMap<>(initial);
        if (merged.truncated()) {
            t.clear();
        }
        for (String key : merged.deleteKeys()) {
            t.remove(key);
        }
        for (FinalRow r : merged.upserts()) {
            if (t.putIfAbsent(r.key(), r.row()) != null) {
                throw new AssertionError("duplicate key " + r.key() + " on insert");
            }
        }
        return t;
    }
}
