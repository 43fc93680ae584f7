# Shared by bin/binlog_miner and bin/binlog_loader (sourced, not run): starts the JVM.
# Expects: program (binlog_miner|binlog_loader), module (binlog-miner|binlog-loader), main (class),
# home (the release directory or the source checkout) and the program's arguments in "$@".
# Environment: JAVA_HOME (else java on PATH); MYSQL2GP_JAVA_OPTS replaces the default JVM options
# (bin/jvm.options).

if [ -f "$home/pom.xml" ]; then
  # a source checkout, built with mvn package
  jar="$home/$module/target/$module.jar"
  if [ ! -f "$jar" ]; then
    echo "mysql2gp is not built: run \`mvn -q -DskipTests package\` in $home" >&2
    exit 2
  fi
  classpath="$jar:$home/$module/target/lib/*"
else
  # the release tarball
  classpath="$home/lib/*"
fi

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! command -v "$java" >/dev/null; then
  echo "$program: cannot find java ($java): install a Java 17 runtime or set JAVA_HOME" >&2
  exit 2
fi

# the program's default JVM options, from bin/jvm.options
defaults="$(sed -n "s/^$program=//p" "$home/bin/jvm.options" 2>/dev/null || true)"
read -r -a java_opts <<<"${MYSQL2GP_JAVA_OPTS:-${defaults:--Xmx512m -XX:+ExitOnOutOfMemoryError}}"

# exec: signals (SIGTERM for an orderly stop) go straight to the JVM
exec "$java" "${java_opts[@]}" -Dmysql2gp.program="$program" -Dmysql2gp.home="$home" \
  -cp "$classpath" "$main" "$@"
