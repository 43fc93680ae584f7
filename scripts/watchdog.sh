#!/usr/bin/env bash
# Cron watchdog for one mysql2gp deployment (the original workflow: run it every minute).
#
#   watchdog.sh DEPLOY_DIR
#
# DEPLOY_DIR holds the task's my.cnf. For binlog_miner and binlog_loader in turn: if the process
# named in DEPLOY_DIR/<daemon>.pid is alive and really is that daemon with that my.cnf, nothing
# happens; otherwise the daemon is started with nohup (output appended to DEPLOY_DIR/<daemon>.out)
# and its pid recorded. Every action is appended, timestamped, to DEPLOY_DIR/watchdog.log.
# Runs of the watchdog exclude each other (flock), so it never starts a second copy.
#
# crontab:  * * * * * /opt/mysql2gp/scripts/watchdog.sh /etc/mysql2gp/task1
set -euo pipefail

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
  echo "usage: $(basename "$0") DEPLOY_DIR   (a directory holding my.cnf)" >&2
  exit 2
fi
dir="$(cd "$1" && pwd)"
config="$dir/my.cnf"
home="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
wdlog="$dir/watchdog.log"

say() {
  printf '%s watchdog: %s\n' "$(date '+%Y-%m-%d %H:%M:%S')" "$*" >>"$wdlog"
}

if [ ! -r "$config" ]; then
  say "cannot read $config; nothing started"
  echo "watchdog: cannot read $config" >&2
  exit 2
fi

# one watchdog at a time per deployment; a second run just leaves
exec 9>"$dir/.watchdog.lock"
if ! flock -n 9; then
  exit 0
fi

# is_running PIDFILE MAINCLASS: the pid is alive and its command line is that daemon with this config
is_running() {
  local pidfile="$1" main="$2" pid cmdline
  [ -s "$pidfile" ] || return 1
  pid="$(tr -dc '0-9' <"$pidfile")"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline")"
  [[ "$cmdline" == *"$main"* && "$cmdline" == *"--config $config"* ]]
}

check() {
  local daemon="$1" main="$2"
  local pidfile="$dir/$daemon.pid"
  if is_running "$pidfile" "$main"; then
    return 0
  fi
  if [ -s "$pidfile" ]; then
    say "$daemon (pid $(tr -dc '0-9' <"$pidfile")) is not running; restarting it"
  else
    say "$daemon is not running; starting it"
  fi
  # the launcher execs java, so $! is the daemon's own pid; no secrets on the command line
  (cd "$dir" && exec nohup "$home/bin/$daemon" --config "$config" >>"$dir/$daemon.out" 2>&1 </dev/null 9>&-) &
  echo $! >"$pidfile"
  say "$daemon started (pid $!), output in $dir/$daemon.out"
}

check binlog_miner io.mysql2gp.miner.Main
check binlog_loader io.mysql2gp.loader.Main
