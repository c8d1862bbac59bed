# Sourced by .ci/run: a throwaway PostgreSQL cluster on 127.0.0.1 for the cluster-store tests.
# Installs Debian's postgresql package when absent, initialises a cluster in a temporary directory as the
# 'postgres' user (the server refuses to run as root), starts it on a free port, and exports
# FOUNDATION_TEST_POSTGRES_URL / _USER / _PASSWORD. The cluster is stopped and removed when .ci/run exits.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  echo "== installing PostgreSQL (Debian package 'postgresql')"
  if [ "$(id -u)" = 0 ]; then apt_get="apt-get"; else apt_get="sudo apt-get"; fi
  $apt_get update -qq
  DEBIAN_FRONTEND=noninteractive $apt_get install -y -qq postgresql >/dev/null
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
pg_dir=$(mktemp -d /tmp/foundation-pg.XXXXXX)
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
  || shuf -i 20000-60000 -n 1)
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$pg_dir"
as_pg "'$pg_bin/initdb' -D '$pg_dir/data' -U foundation --auth=trust -E UTF8 >/dev/null"
as_pg "'$pg_bin/pg_ctl' -D '$pg_dir/data' -l '$pg_dir/server.log' -w -t 60 -o \"-h 127.0.0.1 -p $pg_port -k '$pg_dir' -c fsync=on -c max_connections=200\" start >/dev/null"
as_pg "'$pg_bin/createdb' -h 127.0.0.1 -p $pg_port -U foundation foundation_test"
export FOUNDATION_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$pg_port/foundation_test"
export FOUNDATION_TEST_POSTGRES_USER=foundation
export FOUNDATION_TEST_POSTGRES_PASSWORD=
export FOUNDATION_TEST_POSTGRES_PGCTL="$pg_bin/pg_ctl -D $pg_dir/data"
echo "== PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port ($pg_dir)"
foundation_pg_stop() { as_pg "'$pg_bin/pg_ctl' -D '$pg_dir/data' -m immediate stop >/dev/null 2>&1" || true; rm -rf "$pg_dir"; }
trap foundation_pg_stop EXIT
