package io.mysql2gp.loader.verify;

import io.mysql2gp.common.text.CopyText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How far the sync is, read after the comparison, and the rule that turns a difference into
 * "behind": a differing key is behind when (1) staging holds a change of that key after the
 * loader's checkpoint, or (2) staging holds unapplied changes of the table and the key cannot be
 * matched to staged keys (key types other than numbers, text, binary, dates, bits; or a staged
 * TRUNCATE), or (3) the miner's stored binlog position is before the source's current position.
 *
 * @param appliedSeq     the loader's checkpoint (last applied staged seq), null when it never ran
 * @param pendingKeys    per table: staged key images (key_old, key_new) after the checkpoint
 * @param pendingAll     tables for which every key counts as pending (truncate, or too many changes to list)
 * @param minerBehind    the miner has not yet read up to the source's binlog position (null: unknown)
 * @param minerPosition  the miner's stored position, for the message
 * @param sourcePosition the source's current binlog position, for the message
 */
public record SyncProgress(Long appliedSeq, Map<String, Set<String>> pendingKeys, Set<String> pendingAll,
        Boolean minerBehind, String minerPosition, String sourcePosition) {

    /** Why {@code diff} of {@code plan} is behind, or null when it is a real difference. */
    public String behindReason(TablePlan plan, RowDiff diff) {
        String table = plan.source().table();
        Set<String> keys = pendingKeys.getOrDefault(table, Set.of());
        if (pendingAll.contains(table)) {
            return "the table has staged changes after the loader's checkpoint (seq " + appliedSeq + ")";
        }
        String staged = stagedKeyText(plan, diff.key());
        if (staged == null && !keys.isEmpty()) {
            return "the table has " + keys.size() + " staged key(s) after the loader's checkpoint (seq " + appliedSeq
                    + ") and this key type cannot be matched to them";
        }
        if (staged != null && keys.contains(staged)) {
            return "staged change(s) of this key wait after the loader's checkpoint (seq " + appliedSeq + ")";
        }
        if (Boolean.TRUE.equals(minerBehind)) {
            return "binlog_miner has staged up to " + minerPosition + ", the source is at " + sourcePosition;
        }
        return null;
    }

    /** The key as binlog_miner stages it (docs/STAGING.md): COPY-escaped fields joined by TAB; null if unknown. */
    static String stagedKeyText(TablePlan plan, List<String> key) {
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < plan.keys().size(); i++) {
            String v = key.get(i);
            String staged = switch (plan.keys().get(i).kind()) {
                case NUMBER, TEXT, DATE, BITS -> v;
                case HEX -> v == null ? null : "\\x" + v;
                default -> null;
            };
            if (staged == null) {
                return null;
            }
            fields.add(CopyText.escape(staged));
        }
        return CopyText.joinEscaped(fields);
    }

    /** Whether binlog position {@code a} (file, pos) is before {@code b}; files compare by their numeric suffix. */
    static boolean before(String fileA, long posA, String fileB, long posB) {
        int c = compareFiles(fileA, fileB);
        return c < 0 || (c == 0 && posA < posB);
    }

    private static int compareFiles(String a, String b) {
        String sa = a.substring(a.lastIndexOf('.') + 1);
        String sb = b.substring(b.lastIndexOf('.') + 1);
        try {
            return Long.compare(Long.parseLong(sa), Long.parseLong(sb));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }
}
