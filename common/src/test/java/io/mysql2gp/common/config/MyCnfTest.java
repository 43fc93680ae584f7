package io.mysql2gp.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mysql2gp.common.config.LoaderSettings.Dialect;
import io.mysql2gp.common.config.LoaderSettings.ZeroDate;
import io.mysql2gp.common.config.SourceConfig.SslMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MyCnfTest {
    @TempDir
    Path dir;

    private MyCnf load(CnfText text, Daemon daemon) {
        return MyCnf.load(text.writeTo(dir), daemon);
    }

    /** Loads from a relative path so that messages start with "my.cnf:" as users see them. */
    private ConfigException failure(CnfText text, Daemon daemon) {
        Path file = text.writeTo(dir);
        try {
            MyCnf.load(file, daemon);
        } catch (ConfigException e) {
            return new ConfigException(e.problems().stream().map(p -> p.replace(file.toString(), "my.cnf")).toList());
        }
        throw new AssertionError("expected a ConfigException");
    }

    @Test
    void theDocumentedSampleLoadsForBothDaemons() {
        MyCnf miner = load(CnfText.sample(), Daemon.MINER);
        SourceConfig s = miner.source();
        assertThat(s.host()).isEqualTo("192.168.1.1");
        assertThat(s.port()).isEqualTo(3301);
        assertThat(s.user()).isEqualTo("test");
        assertThat(s.password().reveal()).isEqualTo("123456");
        assertThat(s.db()).isEqualTo("test");
        assertThat(s.encodingDir()).isEqualTo(dir.resolve("share"));
        assertThat(s.encoding()).isEqualTo("utf8");
        assertThat(s.binlogFile()).isEqualTo("mysql-bin.000001");
        assertThat(s.binlogOffset()).isEqualTo(4);
        assertThat(s.sslMode()).isEqualTo(SslMode.PREFERRED);
        assertThat(miner.staging().connect().host()).isEqualTo("127.0.0.1");
        assertThat(miner.staging().connect().password().reveal()).isEqualTo("pgsql");
        assertThat(miner.target().targetSchema()).isEqualTo("test");
        assertThat(miner.loader().tableList()).isEqualTo(dir.resolve("loader_table_list.txt"));
        assertThat(miner.file()).isEqualTo(dir.resolve("my.cnf"));

        MyCnf loader = load(CnfText.sample(), Daemon.LOADER);
        assertThat(loader.target().connect().host()).isEqualTo("192.167.1.2");
        assertThat(loader.source()).isNotNull();
    }

    @Test
    void defaultsApplyWhenKeysAreAbsent() {
        MyCnf c = load(CnfText.sample().remove("src.mysql", "port").remove("src.mysql", "password")
                .remove("src.mysql", "binlogfile").remove("src.mysql", "encoding").remove("desc.pgsql", "target_schema"),
                Daemon.LOADER);
        assertThat(c.source().port()).isEqualTo(3306);
        assertThat(c.source().password().isEmpty()).isTrue();
        assertThat(c.source().binlogFile()).isNull();
        assertThat(c.source().encoding()).isEqualTo("utf8mb4");
        assertThat(c.target().targetSchema()).isEqualTo("public");
        LoaderSettings l = c.loader();
        assertThat(l.loadBatch()).isEqualTo(10);
        assertThat(l.loadBatchGap()).isEqualTo(Duration.ofSeconds(10));
        assertThat(l.maxBatchRows()).isEqualTo(1_000_000);
        assertThat(l.maxBatchBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(l.poolSize()).isEqualTo(4);
        assertThat(l.dialect()).isEqualTo(Dialect.AUTO);
        assertThat(l.zeroDate()).isEqualTo(ZeroDate.NULL);
        assertThat(l.logDir()).isNull();
        assertThat(l.pidFile()).isNull();
        assertThat(l.metricsPort()).isZero();
        assertThat(l.pauseRetry()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.miner()).isEqualTo(MinerSettings.defaults());
        assertThat(c.miner().batchRows()).isEqualTo(10_000);
        assertThat(c.miner().flushInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.miner().heartbeat()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.warnings()).noneMatch(w -> !w.contains("readable by group"));
    }

    @Test
    void anSslCaThatRequiredWouldNotUseIsWarnedAbout() {
        MyCnf c = load(CnfText.sample().set("src.mysql", "ssl_mode", "\"required\"")
                .set("src.mysql", "ssl_ca", "\"loader_table_list.txt\""), Daemon.MINER);
        assertThat(c.warnings()).anyMatch(w -> w.endsWith("[src.mysql] ssl_ca: not used: ssl_mode required encrypts"
                + " without checking the server certificate; set ssl_mode to verify_ca or verify_identity to check"
                + " it against ssl_ca"));
        MyCnf verified = load(CnfText.sample().set("src.mysql", "ssl_mode", "\"verify_ca\"")
                .set("src.mysql", "ssl_ca", "\"loader_table_list.txt\""), Daemon.MINER);
        assertThat(verified.warnings()).noneMatch(w -> w.contains("ssl_ca"));
    }

    @Test
    void everyNewKeyIsRead() {
        MyCnf c = load(CnfText.sample()
                .set("src.mysql", "binlogfile_offset", "\"1234\"")
                .set("src.mysql", "serverid", "\"4294967295\"")
                .set("src.mysql", "ssl_mode", "\"VERIFY_IDENTITY\"")
                .set("src.mysql", "ssl_ca", "\"loader_table_list.txt\"")
                .set("binlogloader", "load_batch", "\"100\"")
                .set("binlogloader", "load_batch_gap", "\"0\"")
                .set("binlogloader", "max_batch_rows", "\"5000\"")
                .set("binlogloader", "max_batch_bytes", "\"1GB\"")
                .set("binlogloader", "pool_size", "\"8\"")
                .set("binlogloader", "dialect", "\"greenplum\"")
                .set("binlogloader", "zero_date", "\"-infinity\"")
                .set("binlogloader", "log_dir", "\"logs\"")
                .set("binlogloader", "pid_file", "\"/run/loader.pid\"")
                .set("binlogloader", "metrics_port", "\"9101\"")
                .set("binlogloader", "pause_retry_seconds", "\"2\"")
                .set("binlogminer", "batch_rows", "\"500\"")
                .set("binlogminer", "flush_interval_ms", "\"50\"")
                .set("binlogminer", "heartbeat_seconds", "\"30\"")
                .set("binlogminer", "log_dir", "\"logs\"")
                .set("binlogminer", "pid_file", "\"miner.pid\"")
                .set("binlogminer", "metrics_port", "\"9100\"")
                .set("binlogminer", "binlog_retention_warn_files", "\"5\""), Daemon.MINER);
        assertThat(c.source().binlogOffset()).isEqualTo(1234);
        assertThat(c.source().serverId()).isEqualTo(4294967295L);
        assertThat(c.source().serverIdDerived()).isFalse();
        assertThat(c.source().sslMode()).isEqualTo(SslMode.VERIFY_IDENTITY);
        assertThat(c.source().sslCa()).isEqualTo(dir.resolve("loader_table_list.txt"));
        assertThat(c.loader()).isEqualTo(new LoaderSettings(dir.resolve("loader_table_list.txt"), 100, Duration.ZERO,
                5000, 1L << 30, 8, Dialect.GREENPLUM, ZeroDate.NEGATIVE_INFINITY, dir.resolve("logs"),
                Path.of("/run/loader.pid"), 9101, Duration.ofSeconds(2)));
        assertThat(c.miner()).isEqualTo(new MinerSettings(500, Duration.ofMillis(50), Duration.ofSeconds(30),
                dir.resolve("logs"), dir.resolve("miner.pid"), 9100, 5));
    }

    static Stream<Arguments> quoting() {
        return Stream.of(
                Arguments.of("a quoted value loses its quotes", "\"123456\"", "123456"),
                Arguments.of("an unquoted value is accepted", "123456", "123456"),
                Arguments.of("backslashes are kept literally", "\"a\\b\\\\c\\n\\\"\"", "a\\b\\\\c\\n\\\""),
                Arguments.of("# ; and = inside quotes are part of the value", "\"p#w;d=x\"", "p#w;d=x"),
                Arguments.of("# after an unquoted value is part of it", "pw#1", "pw#1"),
                Arguments.of("only one pair of quotes is removed", "\"\"x\"\"", "\"x\""),
                Arguments.of("a quote inside the value stays", "\"a\"b\"", "a\"b"),
                Arguments.of("spaces inside quotes are kept", "\"  two  spaces  \"", "  two  spaces  "),
                Arguments.of("a ${reference} is not expanded", "\"${src.mysql/host}\"", "${src.mysql/host}"),
                Arguments.of("non-ASCII text is read as UTF-8", "\"пароль密码\"", "пароль密码"),
                Arguments.of("a colon is an ordinary character", "\"a:b\"", "a:b"),
                Arguments.of("empty quotes give an empty password", "\"\"", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quoting")
    void passwordsAreTakenLiterally(String name, String raw, String expected) {
        MyCnf c = load(CnfText.sample().set("src.mysql", "password", raw), Daemon.MINER);
        assertThat(c.source().password().reveal()).isEqualTo(expected);
    }

    @Test
    void aConnectStringKeepsLibpqQuotingInsideTheDoubleQuotes() {
        MyCnf c = load(CnfText.sample().set("local.pgsql", "connect_string",
                "\"host=/var/run/postgresql dbname='my db' password='a \\'b\\\\c#;=\"d'\""), Daemon.MINER);
        PgConnectConfig s = c.staging().connect();
        assertThat(s.password().reveal()).isEqualTo("a 'b\\c#;=\"d");
        assertThat(s.dbname()).isEqualTo("my db");
        assertThat(s.socketPath()).isEqualTo(Path.of("/var/run/postgresql/.s.PGSQL.5432"));
    }

    @ParameterizedTest(name = "an unbalanced quote is an error: {0}")
    @MethodSource("unbalanced")
    void unbalancedQuotesAreErrors(String raw) {
        ConfigException e = failure(CnfText.sample().set("src.mysql", "password", raw), Daemon.MINER);
        assertThat(e.problems()).singleElement().asString()
                .startsWith("my.cnf: [src.mysql] password: unbalanced double quote")
                .doesNotContain("s3cr3t");
    }

    static Stream<String> unbalanced() {
        return Stream.of("\"s3cr3t", "s3cr3t\"", "\"", "\"s3cr3t\" # comment");
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("a port that is not a number", set("src.mysql", "port", "\"abc\""),
                        "my.cnf: [src.mysql] port: \"abc\" is not a number"),
                Arguments.of("port 0", set("src.mysql", "port", "\"0\""),
                        "my.cnf: [src.mysql] port: \"0\" is out of range 1..65535"),
                Arguments.of("port 65536", set("src.mysql", "port", "65536"),
                        "my.cnf: [src.mysql] port: \"65536\" is out of range 1..65535"),
                Arguments.of("serverid 0", set("src.mysql", "serverid", "\"0\""),
                        "my.cnf: [src.mysql] serverid: \"0\" is out of range 1..4294967295"),
                Arguments.of("serverid 2^32", set("src.mysql", "serverid", "\"4294967296\""),
                        "my.cnf: [src.mysql] serverid: \"4294967296\" is out of range 1..4294967295"),
                Arguments.of("an offset inside the binlog header", set("src.mysql", "binlogfile_offset", "\"2\""),
                        "my.cnf: [src.mysql] binlogfile_offset: \"2\" is inside the binlog header: use 0 or 4 or more"),
                Arguments.of("a negative offset", set("src.mysql", "binlogfile_offset", "\"-1\""),
                        "my.cnf: [src.mysql] binlogfile_offset: \"-1\" is out of range 0..9223372036854775807"),
                Arguments.of("a missing host", remove("src.mysql", "host"),
                        "my.cnf: [src.mysql] host: missing (source MySQL host name or address)"),
                Arguments.of("an empty user", set("src.mysql", "user", "\"\""),
                        "my.cnf: [src.mysql] user: is empty (replication user)"),
                Arguments.of("a missing db", remove("src.mysql", "db"),
                        "my.cnf: [src.mysql] db: missing (source database whose tables are synced)"),
                Arguments.of("an unknown ssl_mode", set("src.mysql", "ssl_mode", "\"sometimes\""),
                        "my.cnf: [src.mysql] ssl_mode: \"sometimes\" is not one of DISABLED, PREFERRED, REQUIRED,"
                                + " VERIFY_CA, VERIFY_IDENTITY"),
                Arguments.of("an ssl_ca file that does not exist", set("src.mysql", "ssl_ca", "\"ca.pem\""),
                        "my.cnf: [src.mysql] ssl_ca: file DIR/ca.pem does not exist or is not readable"),
                Arguments.of("a missing staging section", removeSection("local.pgsql"),
                        "my.cnf: [local.pgsql]: missing section (binlog_miner needs it)"),
                Arguments.of("a missing staging connect_string", remove("local.pgsql", "connect_string"),
                        "my.cnf: [local.pgsql] connect_string: missing (libpq connect string of the staging database)"),
                Arguments.of("a connect string with an unknown key", set("local.pgsql", "connect_string", "\"colour=red\""),
                        "my.cnf: [local.pgsql] connect_string: unknown key \"colour\"; known keys: host, hostaddr, port,"
                                + " dbname, user, password, sslmode, sslrootcert, sslcert, sslkey, connect_timeout,"
                                + " application_name, options"),
                Arguments.of("a missing binlogloader section", removeSection("binlogloader"),
                        "my.cnf: [binlogloader]: missing section (binlog_miner needs it)"),
                Arguments.of("a missing table list key", remove("binlogloader", "loader_table_list"),
                        "my.cnf: [binlogloader] loader_table_list: missing (file listing the tables to sync, one per line)"),
                Arguments.of("a table list file that does not exist", set("binlogloader", "loader_table_list", "\"nope.txt\""),
                        "my.cnf: [binlogloader] loader_table_list: file DIR/nope.txt does not exist"),
                Arguments.of("load_batch 0", set("binlogloader", "load_batch", "\"0\""),
                        "my.cnf: [binlogloader] load_batch: \"0\" is out of range 1..100000000"),
                Arguments.of("a negative load_batch_gap", set("binlogloader", "load_batch_gap", "\"-5\""),
                        "my.cnf: [binlogloader] load_batch_gap: \"-5\" is out of range 0..86400"),
                Arguments.of("load_batch above max_batch_rows", set("binlogloader", "load_batch", "\"3000000\""),
                        "my.cnf: [binlogloader] load_batch: 3000000 is more than max_batch_rows (1000000)"),
                Arguments.of("a size with an unknown unit", set("binlogloader", "max_batch_bytes", "\"64XB\""),
                        "my.cnf: [binlogloader] max_batch_bytes: \"64XB\" is not a size (use a number of bytes, or a"
                                + " number followed by KB, MB or GB)"),
                Arguments.of("a size below 1MB", set("binlogloader", "max_batch_bytes", "\"1KB\""),
                        "my.cnf: [binlogloader] max_batch_bytes: \"1KB\" is out of range 1048576..17179869184 bytes"),
                Arguments.of("pool_size 0", set("binlogloader", "pool_size", "\"0\""),
                        "my.cnf: [binlogloader] pool_size: \"0\" is out of range 1..64"),
                Arguments.of("an unknown dialect", set("binlogloader", "dialect", "\"oracle\""),
                        "my.cnf: [binlogloader] dialect: \"oracle\" is not one of auto, postgresql, greenplum"),
                Arguments.of("an unknown zero_date", set("binlogloader", "zero_date", "\"epoch\""),
                        "my.cnf: [binlogloader] zero_date: \"epoch\" is not one of null, -infinity"),
                Arguments.of("metrics_port above 65535", set("binlogloader", "metrics_port", "\"70000\""),
                        "my.cnf: [binlogloader] metrics_port: \"70000\" is out of range 0..65535"),
                Arguments.of("pause_retry_seconds 0", set("binlogloader", "pause_retry_seconds", "\"0\""),
                        "my.cnf: [binlogloader] pause_retry_seconds: \"0\" is out of range 1..3600"),
                Arguments.of("pause_retry_seconds above an hour", set("binlogloader", "pause_retry_seconds", "\"3601\""),
                        "my.cnf: [binlogloader] pause_retry_seconds: \"3601\" is out of range 1..3600"),
                Arguments.of("batch_rows 0", set("binlogminer", "batch_rows", "\"0\""),
                        "my.cnf: [binlogminer] batch_rows: \"0\" is out of range 1..1000000"),
                Arguments.of("flush_interval_ms not a number", set("binlogminer", "flush_interval_ms", "\"fast\""),
                        "my.cnf: [binlogminer] flush_interval_ms: \"fast\" is not a number"),
                Arguments.of("heartbeat_seconds 0", set("binlogminer", "heartbeat_seconds", "\"0\""),
                        "my.cnf: [binlogminer] heartbeat_seconds: \"0\" is out of range 1..3600"),
                Arguments.of("binlog_retention_warn_files negative",
                        set("binlogminer", "binlog_retention_warn_files", "\"-1\""),
                        "my.cnf: [binlogminer] binlog_retention_warn_files: \"-1\" is out of range 0..10000"),
                Arguments.of("both daemons on one metrics port",
                        (UnaryOperator<CnfText>) t -> t.set("binlogminer", "metrics_port", "9100")
                                .set("binlogloader", "metrics_port", "9100"),
                        "my.cnf: [binlogloader] metrics_port: 9100 is also [binlogminer] metrics_port; the two daemons"
                                + " need different ports"));
    }

    @ParameterizedTest(name = "{0} is reported")
    @MethodSource("invalid")
    void reportsInvalidValues(String name, UnaryOperator<CnfText> change, String expected) {
        ConfigException e = failure(change.apply(CnfText.sample()), Daemon.MINER);
        assertThat(e.problems()).containsExactly(expected.replace("DIR", dir.toString()));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ConfigException e = failure(CnfText.sample().set("src.mysql", "port", "\"abc\"")
                .remove("src.mysql", "user").set("binlogloader", "pool_size", "\"0\"")
                .removeSection("local.pgsql"), Daemon.MINER);
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "my.cnf: [src.mysql] port: \"abc\" is not a number",
                "my.cnf: [src.mysql] user: missing (replication user)",
                "my.cnf: [local.pgsql]: missing section (binlog_miner needs it)",
                "my.cnf: [binlogloader] pool_size: \"0\" is out of range 1..64");
        assertThat(e.getMessage()).startsWith("4 configuration problems:").contains("port", "user", "pool_size");
    }

    @Test
    void theLoaderDoesNotNeedTheSourceSection() {
        MyCnf c = load(CnfText.sample().removeSection("src.mysql"), Daemon.LOADER);
        assertThat(c.source()).isNull();
        assertThat(c.target()).isNotNull();
    }

    @Test
    void theLoaderIgnoresAnIncompleteSourceSectionWithAWarning() {
        Path file = CnfText.sample().remove("src.mysql", "host").writeTo(dir);
        MyCnf c = MyCnf.load(file, Daemon.LOADER);
        assertThat(c.source()).isNull();
        assertThat(c.warnings()).contains(file + ": [src.mysql] host: missing (source MySQL host name or address);"
                + " section ignored, binlog_loader does not need [src.mysql]");
        assertThatThrownBy(() -> c.requireSource("ddl")).isInstanceOf(ConfigException.class)
                .hasMessage(file + ": [src.mysql]: missing or incomplete section (ddl needs it)");
    }

    @Test
    void theLoaderIgnoresAnInvalidSourceSectionWithAWarning() {
        Path file = CnfText.sample().set("src.mysql", "port", "\"x\"").writeTo(dir);
        MyCnf c = MyCnf.load(file, Daemon.LOADER);
        assertThat(c.source()).isNull();
        assertThat(c.warnings()).contains(file + ": [src.mysql] port: \"x\" is not a number; section ignored,"
                + " binlog_loader does not need [src.mysql]");
    }

    @Test
    void theMinerIgnoresAnInvalidTargetSectionWithAWarning() {
        Path file = CnfText.sample().set("desc.pgsql", "connect_string", "\"port=x password=s3cr3t\"").writeTo(dir);
        MyCnf c = MyCnf.load(file, Daemon.MINER);
        assertThat(c.target()).isNull();
        assertThat(c.warnings()).anyMatch(w -> w.startsWith(file + ": [desc.pgsql] connect_string: invalid port"))
                .noneMatch(w -> w.contains("s3cr3t"));
    }

    @Test
    void theLoaderIgnoresAnInvalidMinerSectionButTheMinerRejectsIt() {
        CnfText text = CnfText.sample().set("binlogminer", "batch_rows", "\"lots\"");
        assertThat(load(text, Daemon.LOADER).miner()).isEqualTo(MinerSettings.defaults());
        assertThat(failure(text, Daemon.MINER).problems())
                .containsExactly("my.cnf: [binlogminer] batch_rows: \"lots\" is not a number");
    }

    @Test
    void theSourceIsAvailableToLoaderCommandsWhenComplete() {
        MyCnf c = load(CnfText.sample(), Daemon.LOADER);
        assertThat(c.requireSource("verify")).isSameAs(c.source());
    }

    @Test
    void theLoaderNeedsTheTarget() {
        assertThat(failure(CnfText.sample().removeSection("desc.pgsql"), Daemon.LOADER).problems())
                .containsExactly("my.cnf: [desc.pgsql]: missing section (binlog_loader needs it)");
        assertThat(failure(CnfText.sample().remove("desc.pgsql", "connect_string"), Daemon.LOADER).problems())
                .containsExactly("my.cnf: [desc.pgsql] connect_string: missing (libpq connect string of the target"
                        + " database)");
    }

    @Test
    void theMinerDoesNotNeedTheTarget() {
        assertThat(load(CnfText.sample().removeSection("desc.pgsql"), Daemon.MINER).target()).isNull();
    }

    @Test
    void theMinerNeedsTheSource() {
        assertThat(failure(CnfText.sample().removeSection("src.mysql"), Daemon.MINER).problems())
                .containsExactly("my.cnf: [src.mysql]: missing section (binlog_miner needs it)");
    }

    @Test
    void unknownSectionsAndKeysAreWarningsWithSuggestions() {
        Path file = CnfText.sample().set("src.mysql", "prot", "\"1\"").set("binlogloder", "x", "1")
                .set("extra", "y", "2").writeTo(dir);
        MyCnf c = MyCnf.load(file, Daemon.MINER);
        assertThat(c.warnings()).contains(
                file + ": [src.mysql] prot: unknown key, ignored (did you mean \"port\"?)",
                file + ": [binlogloder]: unknown section, ignored (did you mean [binlogloader]?)",
                file + ": [extra]: unknown section, ignored");
    }

    @Test
    void aKeyGivenTwiceWarnsAndTheLastWins() throws IOException {
        Path file = CnfText.sample().writeTo(dir);
        Files.writeString(file, Files.readString(file) + "[src.mysql]\nport = \"3302\"\n");
        MyCnf c = MyCnf.load(file, Daemon.MINER);
        assertThat(c.source().port()).isEqualTo(3302);
        assertThat(c.warnings()).contains(file + ": [src.mysql] port: given 2 times; the last one is used");
    }

    @Test
    void anOffsetOfZeroMeansFour() {
        assertThat(load(CnfText.sample().set("src.mysql", "binlogfile_offset", "\"0\""), Daemon.MINER)
                .source().binlogOffset()).isEqualTo(4);
    }

    @Test
    void withoutServeridOneIsDerivedFromTheStagingDatabase() {
        MyCnf a = load(CnfText.sample(), Daemon.MINER);
        MyCnf b = load(CnfText.sample().set("local.pgsql", "connect_string",
                "\"password=other user=x port=5432 dbname=test host=127.0.0.1\""), Daemon.MINER);
        MyCnf c = load(CnfText.sample().set("local.pgsql", "connect_string",
                "\"dbname=test2 host=127.0.0.1 port=5432\""), Daemon.MINER);
        assertThat(a.source().serverIdDerived()).isTrue();
        assertThat(a.source().serverId()).isBetween(1_000_000L, 1L << 31)
                .isEqualTo(b.source().serverId())
                .isNotEqualTo(c.source().serverId());
        // stable across releases: the miner's identity towards the source must not change on upgrade
        assertThat(MyCnf.deriveServerId(ConnectString.parse("host=127.0.0.1 port=5432 dbname=test")))
                .isEqualTo(a.source().serverId());
        assertThat(a.describe()).contains("[src.mysql] serverid = " + a.source().serverId()
                + " (derived from the staging database)");
    }

    @Test
    void relativePathsResolveAgainstTheConfigDirectory() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("etc"));
        Path file = CnfText.sample().set("binlogloader", "loader_table_list", "\"../tables.txt\"")
                .set("binlogminer", "log_dir", "\"log\"").writeTo(sub);
        Files.writeString(dir.resolve("tables.txt"), "a\n");
        MyCnf c = MyCnf.load(file, Daemon.MINER);
        assertThat(c.loader().tableList()).isEqualTo(dir.resolve("tables.txt"));
        assertThat(c.miner().logDir()).isEqualTo(sub.resolve("log"));
    }

    @Test
    void describeMasksEveryPassword() {
        MyCnf c = load(CnfText.sample().set("src.mysql", "password", "\"mysqlSecret1\"")
                .set("local.pgsql", "connect_string", "\"host=/tmp password='stagingSecret2' dbname=s user=u\"")
                .set("desc.pgsql", "connect_string", "\"postgresql://u:uriSecret3@gp:5432/d\""), Daemon.LOADER);
        String all = String.join("\n", c.describe()) + c + c.source() + c.staging() + c.target();
        assertThat(all).doesNotContain("mysqlSecret1", "stagingSecret2", "uriSecret3").contains("********");
        assertThat(c.describe()).contains("[src.mysql] password = ********",
                "[local.pgsql] connect_string = host=/tmp port=5432 dbname=s user=u password=******** (unix socket"
                        + " /tmp/.s.PGSQL.5432)",
                "[desc.pgsql] connect_string = host=gp port=5432 dbname=d user=u password=******** (TCP)");
    }

    @Test
    void describeListsEveryDeclaredKey() {
        String all = String.join("\n", load(CnfText.sample(), Daemon.MINER).describe());
        for (List<Key<?>> keys : List.of(SourceConfig.KEYS, StagingConfig.KEYS, TargetConfig.KEYS, LoaderSettings.KEYS,
                MinerSettings.KEYS)) {
            for (Key<?> k : keys) {
                assertThat(all).contains("] " + k.name() + " = ");
            }
        }
    }

    @Test
    void errorsNeverEchoAPassword() {
        ConfigException e = failure(CnfText.sample()
                .set("local.pgsql", "connect_string", "\"host=h password=s3cr3t x\"")
                .set("binlogloader", "loader_table_list", "\"s3cr3t")
                .set("src.mysql", "password", "\"s3cr3t"), Daemon.MINER);
        assertThat(e.problems()).hasSize(3);
        assertThat(e.getMessage()).doesNotContain("s3cr3t");
    }

    @Test
    void aMissingFileIsOneErrorNamingThePath() {
        Path missing = dir.resolve("nope.cnf");
        assertThatThrownBy(() -> MyCnf.load(missing, Daemon.MINER)).isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": config file " + missing.toAbsolutePath() + " does not exist");
    }

    @Test
    void aDirectoryIsNotAConfigFile() {
        assertThatThrownBy(() -> MyCnf.load(dir, Daemon.MINER)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("is a directory");
    }

    @Test
    void aMalformedLineIsReportedByNumberWithoutItsText() throws IOException {
        Path file = dir.resolve("bad.cnf");
        Files.writeString(file, "[src.mysql]\nhost = \"h\"\npassword \"s3cr3t\"\n");
        assertThatThrownBy(() -> MyCnf.load(file, Daemon.MINER)).isInstanceOf(ConfigException.class)
                .hasMessage(file + " line 3: expected \"[section]\" or \"key = value\" inside a section");
    }

    @Test
    void aKeyBeforeTheFirstSectionIsAnError() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.cnf"), "host = x\n[src.mysql]\n");
        assertThatThrownBy(() -> MyCnf.load(file, Daemon.MINER)).hasMessageContaining(" line 1: ");
    }

    @Test
    void aByteOrderMarkIsIgnored() throws IOException {
        Path file = CnfText.sample().writeTo(dir);
        Files.writeString(file, "\uFEFF" + Files.readString(file));
        assertThat(MyCnf.load(file, Daemon.MINER).source().host()).isEqualTo("192.168.1.1");
    }

    @Test
    void aWorldReadableFileGetsAWarning() throws IOException {
        Path file = CnfText.sample().writeTo(dir);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(MyCnf.filePermissionWarning(file)).hasValue(file + ": readable by group or others (rw-r--r--)"
                + " although it holds passwords; consider chmod 600 " + file);
        assertThat(MyCnf.load(file, Daemon.MINER).warnings()).anyMatch(w -> w.contains("readable by group"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(MyCnf.filePermissionWarning(file)).isEmpty();
        assertThat(MyCnf.load(file, Daemon.MINER).warnings()).isEmpty();
    }

    private static UnaryOperator<CnfText> set(String section, String key, String raw) {
        return t -> t.set(section, key, raw);
    }

    private static UnaryOperator<CnfText> remove(String section, String key) {
        return t -> t.remove(section, key);
    }

    private static UnaryOperator<CnfText> removeSection(String section) {
        return t -> t.removeSection(section);
    }
}
