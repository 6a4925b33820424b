#!/usr/bin/env bash
# with-pg.sh CMD ARGS… — run CMD with SG_TEST_PG naming a throwaway
# PostgreSQL cluster, then stop the cluster and remove it.
#
# When SG_TEST_PG is already set (CI's own server, a developer's) it is used
# as it is. Otherwise a private cluster is made in a temporary directory
# (the recipe in RECIPES.md): it listens on a Unix socket in that directory
# only, so runs never meet each other or a packaged server. PostgreSQL
# refuses to run as root; as root the cluster runs as the postgres user.
# Exits with CMD's status; quiet unless the cluster fails to start.
set -u

if [ $# -eq 0 ]; then
  echo "usage: $0 CMD [ARGS…]" >&2
  exit 2
fi
if [ -n "${SG_TEST_PG:-}" ]; then
  exec "$@"
fi

bin=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)   # the newest
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "with-pg: no initdb under /usr/lib/postgresql/*/bin (run scripts/deps.sh)" >&2
  exit 1
fi

# In /tmp, not $TMPDIR: the socket path must fit in 107 bytes.
D=$(mktemp -d /tmp/sgpg.XXXXXX) || exit 1

# as_pg CMDLINE — run a shell command line as the cluster's owner.
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$D"
  as_pg() { (cd "$D" && su postgres -s /bin/sh -c "$1"); }
else
  as_pg() { sh -c "$1"; }
fi

started=
# shellcheck disable=SC2317  # reached through the trap
cleanup() {
  if [ -n "$started" ]; then
    as_pg "'$bin/pg_ctl' -D '$D/db' -m fast -w stop >/dev/null 2>&1"
  fi
  rm -rf "$D"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# UTF-8 with the C locale: the same encoding everywhere, whatever LANG says.
if ! as_pg "'$bin/initdb' -D '$D/db' -A trust -U sg -E UTF8 --no-locale >'$D/initdb.log' 2>&1"; then
  echo "with-pg: initdb failed:" >&2
  cat "$D/initdb.log" >&2
  exit 1
fi

# The socket lives in $D, so the port only names it; a start can still fail
# on a port clash in shared memory keys, so try a few.
port=
for p in 55432 55433 55434 55435 55436; do
  if as_pg "'$bin/pg_ctl' -D '$D/db' -o \"-k '$D' -p $p -c listen_addresses=''\" -l '$D/log' -w start >/dev/null 2>&1"; then
    port=$p
    break
  fi
done
if [ -z "$port" ]; then
  echo "with-pg: PostgreSQL did not start:" >&2
  cat "$D/log" >&2
  exit 1
fi
started=1

export SG_TEST_PG="postgresql://sg@/postgres?host=$D&port=$port"
"$@"
exit $?
