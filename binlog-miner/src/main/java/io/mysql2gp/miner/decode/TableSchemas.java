package io.mysql2gp.miner.decode;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata;
import io.mysql2gp.common.model.TableId;
import io.mysql2gp.common.schema.CharsetNames;
import io.mysql2gp.common.schema.ColumnDef;
import io.mysql2gp.common.schema.TableSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link TableSchema} from a TABLE_MAP event: types, lengths, precision and fsp from the
 * type metadata; names, key, signedness, charsets and labels from the optional metadata
 * (binlog_row_metadata=FULL) or else from a schema read from information_schema.
 */
public final class TableSchemas {
    private TableSchemas() {}

    /**
     * @param fallback the table's schema from information_schema, or null; needed unless the table map
     *                 carries column names (binlog_row_metadata=FULL)
     */
    public static TableSchema fromTableMap(TableMapEventData tm, TableSchema fallback, CharsetNames charsets) {
        TableId id = new TableId(tm.getDatabase(), tm.getTable());
        byte[] types = tm.getColumnTypes();
        int[] meta = tm.getColumnMetadata();
        int n = types.length;
        TableMapEventMetadata md = tm.getEventMetadata();
        List<String> names = md == null ? null : md.getColumnNames();
        boolean full = names != null && names.size() == n;
        if (!full) {
            if (fallback == null) {
                throw new SchemaMismatchException(id, "the table map has no column names"
                        + " (binlog_row_metadata is not FULL) and no schema from information_schema is known");
            }
            if (fallback.columns().size() != n) {
                throw new SchemaMismatchException(id, "the binlog table map has " + n
                        + " columns but information_schema has " + fallback.columns().size()
                        + " (the table changed since this event was written)");
            }
        }
        ColumnTypes.Resolved[] resolved = new ColumnTypes.Resolved[n];
        for (int i = 0; i < n; i++) {
            resolved[i] = ColumnTypes.resolve(types[i] & 0xFF, meta[i]);
        }
        Integer[] collations = characterCollations(md, resolved, false);
        Integer[] enumSetCollations = characterCollations(md, resolved, true);
        List<String[]> enumLabels = md == null ? null : md.getEnumStrValues();
        List<String[]> setLabels = md == null ? null : md.getSetStrValues();
        BitSet unsigned = md == null ? null : md.getSignedness();
        BitSet nullable = tm.getColumnNullability();

        List<ColumnDef> columns = new ArrayList<>(n);
        int enumIndex = 0;
        int setIndex = 0;
        for (int i = 0; i < n; i++) {
            ColumnDef fb = full ? null : fallback.columns().get(i);
            String name = full ? names.get(i) : fb.name();
            ColumnTypes.Resolved r = resolved[i];
            String charset = null;
            if (r.isCharacter()) {
                charset = charsetOf(id, name, collations[i], fb, charsets);
            } else if (r.isEnumOrSet() && enumSetCollations[i] != null) {
                charset = charsets.charsetOf(enumSetCollations[i]);
            } else if (r.isEnumOrSet() && fb != null) {
                charset = fb.charset();
            }
            List<String> labels = List.of();
            if (r.kind() == ColumnTypes.Kind.ENUM) {
                labels = labels(enumLabels, enumIndex++, fb);
            } else if (r.kind() == ColumnTypes.Kind.SET) {
                labels = labels(setLabels, setIndex++, fb);
            }
            boolean isUnsigned = unsigned != null ? unsigned.get(i) : fb != null && fb.unsigned();
            columns.add(r.toColumn(name, isUnsigned, charset, labels, nullable == null || nullable.get(i)));
        }
        return new TableSchema(id, columns, primaryKey(md, full, fallback));
    }

    private static String charsetOf(TableId id, String column, Integer collation, ColumnDef fb, CharsetNames cs) {
        if (collation != null) {
            return cs.charsetOf(collation);
        }
        if (fb != null) {
            // information_schema has no CHARACTER_SET_NAME exactly for byte strings (BINARY, BLOB, UUID, INET6, ...)
            return fb.charset() != null ? fb.charset() : CharsetNames.BINARY;
        }
        throw new SchemaMismatchException(id, "no character set known for column '" + column + "'");
    }

    private static List<String> labels(List<String[]> fromBinlog, int index, ColumnDef fb) {
        if (fromBinlog != null && index < fromBinlog.size()) {
            return Arrays.asList(fromBinlog.get(index));
        }
        return fb == null ? List.of() : fb.labels();
    }

    private static List<Integer> primaryKey(TableMapEventMetadata md, boolean full, TableSchema fallback) {
        if (md != null && md.getSimplePrimaryKeys() != null) {
            return md.getSimplePrimaryKeys();
        }
        if (md != null && md.getPrimaryKeysWithPrefix() != null) {
            return new ArrayList<>(md.getPrimaryKeysWithPrefix().keySet());
        }
        // with FULL metadata a missing key field means the table has no primary key
        return full || fallback == null ? List.of() : fallback.primaryKey();
    }

    /**
     * Collation id per column for character columns ({@code enumSet=false}) or ENUM/SET columns, from
     * COLUMN_CHARSET or DEFAULT_CHARSET (both count only the columns of that group); null entries where unknown.
     */
    static Integer[] characterCollations(TableMapEventMetadata md, ColumnTypes.Resolved[] cols, boolean enumSet) {
        Integer[] out = new Integer[cols.length];
        if (md == null) {
            return out;
        }
        List<Integer> perColumn = enumSet ? md.getEnumAndSetColumnCharsets() : md.getColumnCharsets();
        TableMapEventMetadata.DefaultCharset def =
                enumSet ? md.getEnumAndSetDefaultCharset() : md.getDefaultCharset();
        if (perColumn == null && def == null) {
            return out;
        }
        Map<Integer, Integer> exceptions = def == null || def.getCharsetCollations() == null
                ? Map.of() : def.getCharsetCollations();
        int k = 0;
        for (int i = 0; i < cols.length; i++) {
            boolean member = enumSet ? cols[i].isEnumOrSet() : cols[i].isCharacter();
            if (!member) {
                continue;
            }
            if (perColumn != null) {
                out[i] = k < perColumn.size() ? perColumn.get(k) : null;
            } else {
                out[i] = exceptions.getOrDefault(k, def.getDefaultCharsetCollation());
            }
            k++;
        }
        return out;
    }
}
