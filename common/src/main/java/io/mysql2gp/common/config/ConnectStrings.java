package io.mysql2gp.common.config;

/** The configuration value parser for libpq connect strings. */
final class ConnectStrings {
    /** Parses a connect string; its errors never contain the password. */
    static final ValueParser<PgConnectConfig> PARSER = (text, dir) -> ConnectString.parse(text);

    private ConnectStrings() {
    }
}
