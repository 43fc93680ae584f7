package io.mysql2gp.loader.apply;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Pure helpers over staged COPY text lines (fields joined by TAB, escaped, so a TAB always separates fields). */
final class StagedLines {
    private StagedLines() {}

    /** The escaped texts of fields {@code indexes} of {@code line}, joined by TAB; null if the line is too short. */
    static String fields(String line, List<Integer> indexes) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < indexes.size(); k++) {
            int want = indexes.get(k);
            int start = 0;
            for (int f = 0; f < want; f++) {
                start = line.indexOf('\t', start) + 1;
                if (start == 0) {
                    return null;
                }
            }
            int end = line.indexOf('\t', start);
            if (k > 0) {
                sb.append('\t');
            }
            sb.append(line, start, end < 0 ? line.length() : end);
        }
        return sb.toString();
    }

    /**
     * The 1-based number of the first row line whose key (fields {@code keyIndexes}) repeats an
     * earlier line's, or 0. Canonical text makes equal keys equal strings.
     */
    static int firstRepeatedKey(List<String> rowLines, List<Integer> keyIndexes) {
        Set<String> seen = new HashSet<>(rowLines.size() * 2);
        for (int i = 0; i < rowLines.size(); i++) {
            String key = fields(rowLines.get(i), keyIndexes);
            if (key != null && !seen.add(key)) {
                return i + 1;
            }
        }
        return 0;
    }
}
