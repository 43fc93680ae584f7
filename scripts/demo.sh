#!/usr/bin/env bash
# mysql2gp demo: the first of the README's two set-up commands.
#
#   scripts/demo.sh [--keep]
#
# On a fresh Debian machine: installs what is missing (mariadb-server, postgresql, JDK 17, Maven),
# builds mysql2gp, starts a private MariaDB (binlog ROW) and a private PostgreSQL (staging and
# target databases) on free local ports in a temporary directory, creates sample tables and their
# target tables (with `binlog_loader ddl`), writes my.cnf and loader_table_list.txt, starts both
# daemons with nohup, runs a short mixed workload, waits until the target has caught up, runs
# `binlog_loader verify`, prints what it did and how to look at it, and stops everything it started
# (or leaves it running with --keep). Exits 0 only if verify found the tables equal.
# MYSQL2GP_DEMO_SKIP_BUILD=1 uses the jars already built.
set -euo pipefail

keep=false
for a in "$@"; do
  case "$a" in
    --keep) keep=true ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo.sh: unknown argument '$a' (usage: scripts/demo.sh [--keep])" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
# shellcheck source=lib/deps.sh
source "$root/scripts/lib/deps.sh"
cd "$root"

step() { printf '\n== %s\n' "$*"; }

if [ "${MYSQL2GP_DEMO_SKIP_BUILD:-}" != 1 ]; then
  step "building mysql2gp (mvn -q -DskipTests package)"
  mvn -q -B -DskipTests package
fi

pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$pgbin/initdb" ] || { echo "demo.sh: PostgreSQL binaries not found under /usr/lib/postgresql" >&2; exit 3; }
me="$(id -un)"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  as_pg=(runuser -u postgres --)
fi

free_port() {
  local p
  for _ in $(seq 100); do
    p=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

work="$(mktemp -d /tmp/mysql2gp-demo.XXXXXX)"
chmod 755 "$work"
my_port="$(free_port)"
pg_port="$(free_port)"
my_sock="$work/mariadb.sock"
started=()

cleanup() {
  local code=$?
  if [ "$keep" = true ] && [ "$code" -eq 0 ]; then
    return
  fi
  for pidfile in "$work/binlog_loader.pid" "$work/binlog_miner.pid"; do
    [ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  sleep 2
  if [[ " ${started[*]} " == *" postgres "* ]]; then
    "${as_pg[@]}" "$pgbin/pg_ctl" -D "$work/pgdata" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [[ " ${started[*]} " == *" mariadb "* ]]; then
    mariadb-admin --no-defaults -uroot --socket="$my_sock" shutdown >/dev/null 2>&1 || true
  fi
  if [ "$code" -eq 0 ]; then
    rm -rf "$work"
  else
    echo "demo.sh: failed (exit $code); files kept in $work" >&2
  fi
}
trap cleanup EXIT

step "starting a private MariaDB on 127.0.0.1:$my_port (binlog ROW) in $work"
mkdir -p "$work/mariadb" "$work/mtmp"
mariadb-install-db --no-defaults --user="$me" --datadir="$work/mariadb" \
  --auth-root-authentication-method=normal --skip-test-db >"$work/mariadb-install.log" 2>&1
mariadbd --no-defaults --user="$me" --datadir="$work/mariadb" --port="$my_port" --bind-address=127.0.0.1 \
  --socket="$my_sock" --pid-file="$work/mariadb.pid" --log-error="$work/mariadb.err" --tmpdir="$work/mtmp" \
  --server-id=1 --log-bin="$work/mariadb/binlog" --binlog-format=ROW --binlog-row-image=FULL \
  --binlog-row-metadata=FULL --character-set-server=utf8mb4 --skip-name-resolve >/dev/null 2>&1 &
started+=(mariadb)
for _ in $(seq 120); do
  mariadb-admin --no-defaults -uroot --socket="$my_sock" ping >/dev/null 2>&1 && break
  sleep 0.5
done
mysql_root() { mariadb --no-defaults -uroot --socket="$my_sock" "$@"; }

step "starting a private PostgreSQL on 127.0.0.1:$pg_port (staging and target databases)"
mkdir -p "$work/pgdata"
[ "$(id -u)" -eq 0 ] && chown postgres "$work/pgdata"
"${as_pg[@]}" "$pgbin/initdb" -D "$work/pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync \
  >"$work/initdb.log" 2>&1
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$work/pgdata" -l "$work/pgdata/postgres.log" -w start \
  -o "-p $pg_port -k $work/pgdata -c listen_addresses=127.0.0.1 -c fsync=off" >/dev/null
started+=(postgres)
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d "$1" "${@:2}"; }
psql_db postgres -c "CREATE DATABASE demo_staging" -c "CREATE DATABASE demo_target"

step "creating the source database 'shop' and the replication user 'repl' (SELECT, REPLICATION SLAVE, BINLOG MONITOR)"
binlog="$(mysql_root -N -e 'SHOW MASTER STATUS' | cut -f1)"
mysql_root <<'SQL'
CREATE DATABASE shop CHARACTER SET utf8mb4;
CREATE TABLE shop.customers (id BIGINT UNSIGNED PRIMARY KEY, name VARCHAR(100), email VARCHAR(200),
  born DATE, balance DECIMAL(12,2), vip BIT(1), tags SET('new','gold','late'), profile JSON,
  updated DATETIME(6)) ENGINE=InnoDB;
CREATE TABLE shop.orders (region CHAR(2), order_no INT, customer_id BIGINT UNSIGNED, status ENUM('open','paid','sent'),
  amount DOUBLE, note TEXT, ordered_at TIMESTAMP(3) NULL, PRIMARY KEY (region, order_no)) ENGINE=InnoDB;
CREATE TABLE shop.audit (id INT PRIMARY KEY AUTO_INCREMENT, what VARCHAR(50)) ENGINE=InnoDB;
CREATE USER 'repl'@'%' IDENTIFIED BY 'demo-Passw0rd';
GRANT SELECT ON shop.* TO 'repl'@'%';
GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'repl'@'%';
SQL

step "writing $work/my.cnf and loader_table_list.txt"
cat >"$work/my.cnf" <<EOF
[src.mysql]
host = "127.0.0.1"
port = "$my_port"
user = "repl"
password = "demo-Passw0rd"
db = "shop"
encodingdir = "share"
encoding = "utf8mb4"
binlogfile = "$binlog"
binlogfile_offset = "4"

[local.pgsql]
connect_string = "host=127.0.0.1 port=$pg_port dbname=demo_staging user=postgres"

[desc.pgsql]
connect_string = "host=127.0.0.1 port=$pg_port dbname=demo_target user=postgres"
target_schema = "public"

[binlogloader]
loader_table_list = "loader_table_list.txt"
load_batch = "10"
load_batch_gap = "1"
EOF
chmod 600 "$work/my.cnf"
printf '# tables to sync (audit is left out on purpose)\ncustomers\norders\n' >"$work/loader_table_list.txt"

step "creating the target tables with: ./binlog_loader --config my.cnf ddl"
"$root/binlog_loader" --config "$work/my.cnf" ddl >"$work/target-tables.sql"
psql_db demo_target -f "$work/target-tables.sql"

step "starting binlog_miner and binlog_loader with nohup"
(cd "$work" && exec nohup "$root/binlog_miner" --config "$work/my.cnf" >"$work/miner.log" 2>&1 </dev/null) &
echo $! >"$work/binlog_miner.pid"
(cd "$work" && exec nohup "$root/binlog_loader" --config "$work/my.cnf" >"$work/loader.log" 2>&1 </dev/null) &
echo $! >"$work/binlog_loader.pid"

step "running a mixed workload on the source (inserts, updates, deletes, a key change, a rollback)"
{
  echo "SET time_zone = '+00:00';"
  for i in $(seq 1 400); do
    echo "BEGIN;"
    echo "INSERT INTO shop.customers VALUES ($i, 'customer $i', 'c$i@example.com', DATE_SUB('2000-01-01', INTERVAL $i DAY), $i.25, b'$((i % 2))', 'new', JSON_OBJECT('n', $i, 'k', 'v'), NOW(6));"
    echo "INSERT INTO shop.orders VALUES ('$([ $((i % 2)) -eq 0 ] && echo eu || echo us)', $i, $i, 'open', $i * 1.5, 'order\\t$i', NOW(3));"
    echo "INSERT INTO shop.audit (what) VALUES ('insert $i');"
    echo "COMMIT;"
    if [ $((i % 5)) -eq 0 ]; then
      echo "UPDATE shop.customers SET balance = balance + 10, tags = 'gold,late', updated = NOW(6) WHERE id = $((i - 1));"
      echo "UPDATE shop.orders SET status = 'paid', amount = amount * 2 WHERE order_no = $((i - 2));"
    fi
    if [ $((i % 7)) -eq 0 ]; then
      echo "DELETE FROM shop.orders WHERE order_no = $((i - 3));"
    fi
    if [ $((i % 50)) -eq 0 ]; then
      echo "UPDATE shop.customers SET id = id + 100000 WHERE id = $((i - 10));"
      echo "BEGIN; DELETE FROM shop.customers WHERE id < 100; ROLLBACK;"
    fi
  done
} | mysql_root

step "waiting until the target has caught up"
target_pos() { mysql_root -N -e 'SHOW MASTER STATUS' | awk '{print $1":"$2}'; }
for _ in $(seq 240); do
  src="$(target_pos)"
  staged="$(psql_db demo_staging -At -c "SELECT binlog_file||':'||binlog_pos||' '||last_seq FROM mysql2gp.miner_state" 2>/dev/null || true)"
  applied="$(psql_db demo_target -At -c "SELECT applied_seq FROM mysql2gp.loader_checkpoint" 2>/dev/null || true)"
  if [ -n "$staged" ] && [ "${staged% *}" = "$src" ] && [ "${staged#* }" = "$applied" ]; then
    echo "caught up: source at $src, staged and applied up to change $applied"
    break
  fi
  sleep 0.5
done

step "verifying: ./binlog_loader --config my.cnf verify"
set +e
"$root/binlog_loader" --config "$work/my.cnf" verify
verified=$?
set -e

step "what happened"
cat <<EOF
Source MariaDB   127.0.0.1:$my_port  (mariadb --no-defaults -uroot --socket=$my_sock shop)
Staging          psql -h 127.0.0.1 -p $pg_port -U postgres demo_staging   (schema mysql2gp)
Target           psql -h 127.0.0.1 -p $pg_port -U postgres demo_target    (tables customers, orders)
Config           $work/my.cnf, $work/loader_table_list.txt
Logs             $work/miner.log, $work/loader.log
Status           $root/binlog_loader --config $work/my.cnf status
Verify           $root/binlog_loader --config $work/my.cnf verify   (exit code $verified)
EOF
if [ "$keep" = true ] && [ "$verified" -eq 0 ]; then
  cat <<EOF

Everything is still running (--keep). To stop it:
  kill \$(cat $work/binlog_miner.pid) \$(cat $work/binlog_loader.pid)
  ${as_pg[*]} $pgbin/pg_ctl -D $work/pgdata stop; mariadb-admin --no-defaults -uroot --socket=$my_sock shutdown
EOF
else
  echo "stopping everything the demo started"
fi
exit "$verified"
