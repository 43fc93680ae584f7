package io.mysql2gp.miner.source;

import io.mysql2gp.common.model.BinlogPosition;
import java.util.ArrayList;
import java.util.List;

/** Decides, without any I/O, whether gathered {@link PreflightFacts} allow the miner to start. */
public final class PreflightRules {
    private PreflightRules() {
    }

    public static PreflightResult evaluate(PreflightFacts f, PreflightOptions o) {
        List<String> failures = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        ServerInfo s = f.server();
        String at = "source " + f.address() + " (" + s.version().describe() + ")";
        checkBinlogSettings(at, s, failures, warnings);
        checkGrants(at, f, o, failures, warnings);
        if (s.logBin()) {
            checkStart(at, s, o, failures);
        }
        checkServerIds(at, f, o, failures, warnings);
        return new PreflightResult(failures, warnings, s);
    }

    private static void checkBinlogSettings(String at, ServerInfo s, List<String> failures, List<String> warnings) {
        if (!s.logBin()) {
            failures.add("binary logging is off (log_bin=OFF) on " + at
                    + "; add log_bin=<basename> and a unique server_id under [mysqld] in my.cnf and restart the server");
        }
        if (!"ROW".equals(s.binlogFormat())) {
            failures.add(setting(at, "binlog_format", s.binlogFormat(), "ROW", "'ROW'")
                    + " (sessions already connected keep the old format until they reconnect)");
        }
        if (!"FULL".equals(s.binlogRowImage())) {
            failures.add(setting(at, "binlog_row_image", s.binlogRowImage(), "FULL", "'FULL'"));
        }
        if (s.binlogRowValueOptions() != null && s.binlogRowValueOptions().contains("PARTIAL_JSON")) {
            failures.add(setting(at, "binlog_row_value_options", s.binlogRowValueOptions(), "empty", "''")
                    + " (partial JSON updates cannot be decoded)");
        }
        if (Boolean.TRUE.equals(s.logBinCompress())) {
            failures.add(setting(at, "log_bin_compress", "ON", "OFF", "OFF")
                    + " (compressed row events cannot be decoded)");
        }
        if (s.binlogRowMetadata() == null) {
            warnings.add(at + " has no binlog_row_metadata (MySQL before 8.0.1, MariaDB before 10.5): column names,"
                    + " keys and enum labels come from information_schema, which describes tables as they are now");
        } else if (!"FULL".equals(s.binlogRowMetadata())) {
            warnings.add("binlog_row_metadata is " + s.binlogRowMetadata() + " on " + at + ", FULL is recommended"
                    + " (SET GLOBAL binlog_row_metadata=FULL and binlog_row_metadata=FULL in my.cnf): until then column"
                    + " names, keys and enum labels come from information_schema, which describes tables as they are now");
        }
        if (s.expireLogsSeconds() > 0 && s.expireLogsSeconds() < 86400) {
            warnings.add("binary logs on " + at + " are purged after " + s.expireLogsSeconds() + " s; a miner stopped"
                    + " longer than that loses its position and needs a re-sync");
        }
        if (s.serverId() == 0) {
            warnings.add("server_id is 0 on " + at + "; servers with server_id 0 may refuse binlog clients");
        }
    }

    private static String setting(String at, String name, String actual, String wanted, String sqlValue) {
        return name + " is " + (actual == null || actual.isEmpty() ? "not set" : actual) + " on " + at
                + ", must be " + wanted + "; run SET GLOBAL " + name + "=" + sqlValue + " and set " + name + "="
                + (sqlValue.equals("''") ? "" : sqlValue.replace("'", "")) + " under [mysqld] in my.cnf";
    }

    private static void checkGrants(String at, PreflightFacts f, PreflightOptions o,
                                     List<String> failures, List<String> warnings) {
        if (f.grantLines() == null) {
            warnings.add("cannot read the grants of " + f.account() + " on " + at + " (" + f.grantsError()
                    + "); privileges not checked");
            if (o.db() != null && !f.dbExists()) {
                failures.add("database '" + o.db() + "' does not exist on " + at
                        + " or the user cannot see it; fix [src.mysql] db in my.cnf or grant SELECT on it");
            }
            return;
        }
        Grants g = Grants.parse(f.grantLines());
        ServerVersion v = f.server().version();
        List<String> missing = new ArrayList<>();
        if (!g.hasGlobal("REPLICATION SLAVE")) {
            missing.add("REPLICATION SLAVE");
        }
        boolean monitor = g.hasGlobal("REPLICATION CLIENT") || g.hasGlobal("BINLOG MONITOR");
        if (!v.isMariaDb() || !v.atLeast(10, 5, 2)) {
            monitor |= g.hasGlobal("SUPER");
        }
        if (!monitor) {
            missing.add(v.isMariaDb() && v.atLeast(10, 5, 2) ? "BINLOG MONITOR" : "REPLICATION CLIENT");
        }
        String account = quoteAccount(f.account());
        if (!missing.isEmpty()) {
            String text = String.join(", ", missing);
            String msg = "user " + account + " lacks " + text + " on " + at + "; run GRANT " + text + " ON *.* TO "
                    + account;
            addByRoles(msg, g, failures, warnings);
        }
        if (o.db() != null && !f.dbExists()) {
            // information_schema hides databases the account has no privilege on: say both possibilities
            boolean canSee = g.hasOnDatabase("SELECT", o.db()) || g.hasGlobal("SHOW DATABASES");
            failures.add("database '" + o.db() + "' does not exist on " + at + (canSee
                    ? "; fix [src.mysql] db in my.cnf or create the database"
                    : " or user " + account + " cannot see it; fix [src.mysql] db in my.cnf, or run GRANT SELECT ON `"
                    + o.db().replace("`", "``") + "`.* TO " + account));
        } else if (o.db() != null && !g.hasOnDatabase("SELECT", o.db())) {
            String msg = "user " + account + " lacks SELECT on database '" + o.db() + "' on " + at
                    + " (needed for table schemas); run GRANT SELECT ON `" + o.db().replace("`", "``") + "`.* TO "
                    + account;
            if (g.hasOnSomeTable("SELECT", o.db()) && g.roles().isEmpty()) {
                warnings.add(msg + " (SELECT is granted on some tables only)");
            } else {
                addByRoles(msg, g, failures, warnings);
            }
        }
        if (missing.isEmpty() && f.server().logBin() && f.server().binlogFilesError() != null) {
            failures.add("cannot list binary logs on " + at + " as " + account + ": " + f.server().binlogFilesError());
        }
    }

    /** A missing privilege is a failure, unless roles (whose privileges SHOW GRANTS may not show) might grant it. */
    private static void addByRoles(String msg, Grants g, List<String> failures, List<String> warnings) {
        if (g.roles().isEmpty()) {
            failures.add(msg);
        } else {
            warnings.add(msg + " (unless granted through role " + String.join(", ", g.roles()) + ", not checked)");
        }
    }

    private static void checkStart(String at, ServerInfo s, PreflightOptions o, List<String> failures) {
        BinlogPosition start = o.start();
        if (start == null || s.binlogFiles().isEmpty()) {
            return;
        }
        String oldest = s.binlogFiles().get(0).name();
        String newest = s.binlogFiles().get(s.binlogFiles().size() - 1).name();
        String range = "the server has " + oldest + " .. " + newest;
        BinlogFile file = s.binlogFile(start.file());
        if (file == null) {
            boolean purged = BinlogPosition.compareFileNames(start.file(), oldest) < 0;
            if (o.startIsStored()) {
                failures.add(purged
                        ? "the stored position " + start + " is in binlog file '" + start.file() + "', which was purged"
                        + " from " + at + " (" + range + "): changes since then are lost; re-sync the tables from the"
                        + " source and reset the stored position"
                        : "the stored position " + start + " names binlog file '" + start.file() + "', which does not"
                        + " exist on " + at + " (" + range + "; binlog reset or renamed?); re-sync the tables from the"
                        + " source and reset the stored position");
            } else {
                failures.add("[src.mysql] binlogfile '" + start.file() + "' does not exist on " + at + " (" + range
                        + (purged ? "; it was purged" : "") + "); set [src.mysql] binlogfile to one of the existing files");
            }
        } else if (start.position() > file.size()) {
            failures.add(o.startIsStored()
                    ? "the stored position " + start + " is beyond the end of '" + file.name() + "' (" + file.size()
                    + " bytes) on " + at + " (binlog reset or restored from backup?); re-sync the tables and reset"
                    + " the stored position"
                    : "[src.mysql] binlogfile_offset " + start.position() + " is beyond the end of '" + file.name() + "' ("
                    + file.size() + " bytes) on " + at + "; set [src.mysql] binlogfile_offset to an event start in the file"
                    + " (4 is the first event)");
        }
    }

    private static void checkServerIds(String at, PreflightFacts f, PreflightOptions o,
                                       List<String> failures, List<String> warnings) {
        long id = o.minerServerId();
        if (id <= 0) {
            return;
        }
        if (id == f.server().serverId()) {
            failures.add("the miner's server id " + id + " equals the server_id of " + at
                    + "; set [src.mysql] serverid to an id used by no server or replica");
        } else if (f.replicaServerIds() != null && f.replicaServerIds().contains(id)) {
            failures.add("a replica with server id " + id + " is already connected to " + at
                    + " (SHOW SLAVE HOSTS); replicas sharing an id disconnect each other: set [src.mysql] serverid"
                    + " to a unique id or stop the other replica");
        }
    }

    /** {@code repl@%} as {@code 'repl'@'%'}. */
    static String quoteAccount(String account) {
        if (account == null) {
            return "(unknown user)";
        }
        int at = account.lastIndexOf('@');
        if (at < 0) {
            return "'" + account + "'";
        }
        return "'" + account.substring(0, at) + "'@'" + account.substring(at + 1) + "'";
    }
}
