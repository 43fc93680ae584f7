package io.mysql2gp.loader.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mysql2gp.common.config.MyCnf;
import io.mysql2gp.loader.control.CreateTableSql.Flavor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of binlog_loader ddl and its errors that need no server. */
class DdlCommandTest {
    @TempDir
    Path dir;

    @Test
    void parsesFlavorAndTablesInBothSpellings() {
        assertThat(DdlCommand.Options.parse(List.of(), Flavor.POSTGRESQL))
                .isEqualTo(new DdlCommand.Options(Flavor.POSTGRESQL, List.of()));
        assertThat(DdlCommand.Options.parse(List.of("--flavor", "Greenplum", "--tables", "a, b,"), Flavor.POSTGRESQL))
                .isEqualTo(new DdlCommand.Options(Flavor.GREENPLUM, List.of("a", "b")));
        assertThat(DdlCommand.Options.parse(List.of("--flavor=postgresql", "--tables=x"), Flavor.GREENPLUM))
                .isEqualTo(new DdlCommand.Options(Flavor.POSTGRESQL, List.of("x")));
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> DdlCommand.Options.parse(List.of("--flavour", "x"), Flavor.POSTGRESQL))
                .hasMessage("unknown argument '--flavour'");
        assertThatThrownBy(() -> DdlCommand.Options.parse(List.of("--flavor", "oracle"), Flavor.POSTGRESQL))
                .hasMessage("--flavor 'oracle' is not postgresql or greenplum");
        assertThatThrownBy(() -> DdlCommand.Options.parse(List.of("--tables"), Flavor.POSTGRESQL))
                .hasMessage("--tables needs a value");
        assertThatThrownBy(() -> DdlCommand.Options.parse(List.of("--tables", " , "), Flavor.POSTGRESQL))
                .hasMessage("--tables ' , ' names no table");
    }

    @Test
    void badArgumentExitsTwoWithUsage() {
        MyCnf cnf = TestCnf.load(dir, TestCnf.source("127.0.0.1", 1, "u", "p", "shop"), "public", "", List.of("t"));
        Run r = run(cnf, "--bogus");
        assertThat(r.code).isEqualTo(DdlCommand.EXIT_USAGE);
        assertThat(r.out).isEmpty();
        assertThat(r.err).contains("unknown argument '--bogus'").contains(DdlCommand.USAGE);
    }

    @Test
    void missingSourceSectionIsAClearConfigError() {
        MyCnf cnf = TestCnf.load(dir, null, "public", "", List.of("t"));
        Run r = run(cnf);
        assertThat(r.code).isEqualTo(DdlCommand.EXIT_USAGE);
        assertThat(r.out).isEmpty();
        assertThat(r.err).contains("my.cnf: [src.mysql]: missing or incomplete section (binlog_loader ddl needs it)");
    }

    @Test
    void unreachableSourceExitsThreeNamingItWithoutPassword() {
        MyCnf cnf = TestCnf.load(dir, TestCnf.source("127.0.0.1", 1, "repl", "s3cret-pw", "shop"), "public", "",
                List.of("t"));
        Run r = run(cnf);
        assertThat(r.code).isEqualTo(DdlCommand.EXIT_SOURCE);
        assertThat(r.out).isEmpty();
        assertThat(r.err).contains("127.0.0.1:1").contains("'repl'").doesNotContain("s3cret-pw");
    }

    record Run(int code, String out, String err) {
    }

    static Run run(MyCnf cnf, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DdlCommand.run(cnf, List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
