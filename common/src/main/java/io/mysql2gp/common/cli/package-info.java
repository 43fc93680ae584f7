/** Command-line parsing shared by both daemons: --config, --help, --version and a subcommand. */
package io.mysql2gp.common.cli;
