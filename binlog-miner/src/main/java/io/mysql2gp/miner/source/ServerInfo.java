package io.mysql2gp.miner.source;

import io.mysql2gp.common.source.SourceException;

import io.mysql2gp.common.model.BinlogPosition;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the source server says about itself and its binary log; variables a server does not have
 * (e.g. binlog_row_metadata before MySQL 8.0.1 / MariaDB 10.5) are null.
 *
 * @param version               flavor and version
 * @param serverId              the server's own server_id
 * @param logBin                whether binary logging is on
 * @param binlogFormat          ROW, STATEMENT or MIXED
 * @param binlogRowImage        FULL, MINIMAL or NOBLOB
 * @param binlogRowMetadata     FULL, MINIMAL or NO_LOG; null if the server has no such variable
 * @param binlogRowValueOptions MySQL: "" or PARTIAL_JSON; null if absent
 * @param logBinCompress        MariaDB: whether row events are compressed; null if absent
 * @param gtidMode              MySQL gtid_mode (ON, OFF, ...); null on MariaDB
 * @param gtidPosition          MariaDB gtid_binlog_pos or MySQL gtid_executed; null if absent
 * @param binlogChecksum        CRC32 or NONE
 * @param binlogFiles           SHOW BINARY LOGS, oldest first; empty when it could not be read
 * @param binlogFilesError      why SHOW BINARY LOGS failed, null when it worked
 * @param currentPosition       where the server writes now; null when unknown
 * @param expireLogsSeconds     automatic binlog purge age in seconds, 0 when never
 */
public record ServerInfo(
        ServerVersion version,
        long serverId,
        boolean logBin,
        String binlogFormat,
        String binlogRowImage,
        String binlogRowMetadata,
        String binlogRowValueOptions,
        Boolean logBinCompress,
        String gtidMode,
        String gtidPosition,
        String binlogChecksum,
        List<BinlogFile> binlogFiles,
        String binlogFilesError,
        BinlogPosition currentPosition,
        long expireLogsSeconds) {

    static final List<String> VARIABLES = List.of("server_id", "log_bin", "binlog_format", "binlog_row_image",
            "binlog_row_metadata", "binlog_row_value_options", "log_bin_compress", "gtid_mode", "gtid_binlog_pos",
            "gtid_executed", "binlog_checksum", "expire_logs_days", "binlog_expire_logs_seconds");

    public ServerInfo {
        binlogFiles = List.copyOf(binlogFiles);
    }

    public ServerVersion.Flavor flavor() {
        return version.flavor();
    }

    public boolean isMariaDb() {
        return version.isMariaDb();
    }

    /** The binlog file of that name, or null if the server does not list it. */
    public BinlogFile binlogFile(String name) {
        return binlogFiles.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }

    /** One line for the startup log, e.g. {@code MariaDB 10.11.19, server_id 1, binlog ROW/FULL/FULL, files binlog.000001..binlog.000003, at binlog.000003:385}. */
    public String summary() {
        StringBuilder sb = new StringBuilder(version.describe()).append(", server_id ").append(serverId);
        if (!logBin) {
            return sb.append(", binary log off").toString();
        }
        sb.append(", binlog ").append(binlogFormat).append('/').append(binlogRowImage).append('/')
                .append(binlogRowMetadata == null ? "-" : binlogRowMetadata);
        if (!binlogFiles.isEmpty()) {
            sb.append(", files ").append(binlogFiles.get(0).name()).append("..")
                    .append(binlogFiles.get(binlogFiles.size() - 1).name());
        }
        if (currentPosition != null) {
            sb.append(", at ").append(currentPosition);
        }
        return sb.toString();
    }

    /** {@code SHOW BINARY LOGS}: the binlog files the source keeps, oldest first. */
    public static List<BinlogFile> binaryLogs(Connection c) throws SQLException {
        List<BinlogFile> files = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                files.add(new BinlogFile(rs.getString(1), rs.getLong(2)));
            }
        }
        return files;
    }

    /** Reads everything with plain SHOW statements; a denied or failing SHOW BINARY LOGS is recorded, not thrown. */
    public static ServerInfo read(Connection c) throws SQLException {
        ServerVersion version;
        Map<String, String> vars = new HashMap<>();
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT VERSION(), @@version_comment")) {
                rs.next();
                version = ServerVersion.parse(rs.getString(1), rs.getString(2));
            }
            String in = String.join("','", VARIABLES);
            try (ResultSet rs = st.executeQuery("SHOW GLOBAL VARIABLES WHERE Variable_name IN ('" + in + "')")) {
                while (rs.next()) {
                    vars.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
                }
            }
        }
        List<BinlogFile> files = List.of();
        String filesError = null;
        try {
            files = binaryLogs(c);
        } catch (SQLException e) {
            filesError = SourceException.reason(e);
        }
        return new ServerInfo(version,
                parseLong(vars.get("server_id")),
                isOn(vars.get("log_bin")),
                upper(vars.get("binlog_format")),
                upper(vars.get("binlog_row_image")),
                upper(vars.get("binlog_row_metadata")),
                upper(vars.get("binlog_row_value_options")),
                vars.containsKey("log_bin_compress") ? isOn(vars.get("log_bin_compress")) : null,
                version.isMariaDb() ? null : upper(vars.get("gtid_mode")),
                version.isMariaDb() ? vars.get("gtid_binlog_pos") : vars.get("gtid_executed"),
                upper(vars.get("binlog_checksum")),
                files, filesError,
                readCurrentPosition(c, version.isMariaDb()),
                expireSeconds(vars.get("binlog_expire_logs_seconds"), vars.get("expire_logs_days")));
    }

    /** SHOW BINARY LOG STATUS (MySQL 8.2+), else SHOW MASTER STATUS; null when neither answers. */
    private static BinlogPosition readCurrentPosition(Connection c, boolean mariaDb) {
        for (String sql : List.of("SHOW BINARY LOG STATUS", "SHOW MASTER STATUS")) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                if (!rs.next()) {
                    return null; // binary logging off
                }
                String gtid = null;
                if (!mariaDb && rs.getMetaData().getColumnCount() >= 5) {
                    gtid = rs.getString(5);
                }
                return new BinlogPosition(rs.getString(1), rs.getLong(2), gtid == null || gtid.isEmpty() ? null : gtid);
            } catch (SQLException e) {
                // syntax error on servers that do not know the statement, or no privilege: try the next one
            }
        }
        return null;
    }

    static long expireSeconds(String seconds, String days) {
        long s = parseLong(seconds);
        if (s > 0) {
            return s;
        }
        if (days == null || days.isBlank()) {
            return 0;
        }
        try {
            return Math.round(Double.parseDouble(days.trim()) * 86400);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static boolean isOn(String v) {
        return v != null && (v.equalsIgnoreCase("ON") || v.equals("1") || v.equalsIgnoreCase("TRUE"));
    }

    private static String upper(String v) {
        return v == null ? null : v.trim().toUpperCase(Locale.ROOT);
    }

    private static long parseLong(String v) {
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
