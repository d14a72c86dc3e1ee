#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, starts
# PostgreSQL and Redis in the data folder, then the briefs, review,
# notification and courses services and the gateway on loopback; prints the gateway URL and the admin API key; stops
# everything on Ctrl-C or SIGTERM. Running it again reuses the data.
#
# Environment (defaults): BRIEFDESK_HTTP_PORT (8080), BRIEFDESK_DATA_DIR
# (.data in the checkout), BRIEFDESK_ADMIN_API_KEY (generated when unset),
# BRIEFDESK_PG_PORT (55432), BRIEFDESK_REDIS_PORT (56379),
# BRIEFDESK_BRIEFS_PORT (50051), BRIEFDESK_REVIEW_PORT (50052),
# BRIEFDESK_NOTIFICATION_PORT (50053), BRIEFDESK_COURSES_PORT (50054), the
# services' /metrics ports
# BRIEFDESK_BRIEFS_METRICS_PORT (9101), BRIEFDESK_REVIEW_METRICS_PORT (9102),
# BRIEFDESK_NOTIFICATION_METRICS_PORT (9103),
# BRIEFDESK_COURSES_METRICS_PORT (9104), BRIEFDESK_WEBHOOK_SECRET_KEY
# (generated when unset), BRIEFDESK_PUBLIC_URL (the gateway URL printed),
# BRIEFDESK_ADMIN_EMAIL (admin@briefdesk.local), BRIEFDESK_ADMIN_PASSWORD
# (when unset and the admin has none, a one-time link is printed).
# docs/configuration.md lists the rest; they pass through to the services.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

HTTP_PORT="${BRIEFDESK_HTTP_PORT:-8080}"
DATA_DIR="${BRIEFDESK_DATA_DIR:-$ROOT/.data}"
PG_PORT="${BRIEFDESK_PG_PORT:-55432}"
REDIS_PORT="${BRIEFDESK_REDIS_PORT:-56379}"
BRIEFS_PORT="${BRIEFDESK_BRIEFS_PORT:-50051}"
REVIEW_PORT="${BRIEFDESK_REVIEW_PORT:-50052}"
NOTIFICATION_PORT="${BRIEFDESK_NOTIFICATION_PORT:-50053}"
COURSES_PORT="${BRIEFDESK_COURSES_PORT:-50054}"
# With other ports for all of these, two stacks run side by side.
BRIEFS_METRICS_PORT="${BRIEFDESK_BRIEFS_METRICS_PORT:-9101}"
REVIEW_METRICS_PORT="${BRIEFDESK_REVIEW_METRICS_PORT:-9102}"
NOTIFICATION_METRICS_PORT="${BRIEFDESK_NOTIFICATION_METRICS_PORT:-9103}"
COURSES_METRICS_PORT="${BRIEFDESK_COURSES_METRICS_PORT:-9104}"
# The URL printed below; published pages link to it too, unless
# BRIEFDESK_PUBLIC_URL says otherwise (a proxy in front, say).
GATEWAY_URL="http://127.0.0.1:$HTTP_PORT"
PUBLIC_URL="${BRIEFDESK_PUBLIC_URL:-$GATEWAY_URL}"

install_packages
build briefs review notification courses gateway
mkdir -p "$DATA_DIR/logs" "$DATA_DIR/redis"
DATA_DIR="$(cd "$DATA_DIR" && pwd)"
PG_BIN="$(pg_bindir)"

# PostgreSQL refuses to run as root: as root, run it as the postgres user,
# which must be able to reach its data folder.
PG_DATA="$DATA_DIR/postgres"
pg() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
  pg() { runuser -u postgres -- "$@"; }
  if ! runuser -u postgres -- test -x "$DATA_DIR"; then
    PG_DATA="/var/lib/briefdesk/$(printf '%s' "$DATA_DIR" | md5sum | cut -c1-12)/postgres"
    say "The postgres user cannot reach $DATA_DIR; PostgreSQL's data goes to $PG_DATA"
  fi
  mkdir -p "$PG_DATA" && chown postgres: "$PG_DATA" && chmod 700 "$PG_DATA"
fi

PIDS=()
stop_all() {
  trap - INT TERM EXIT
  say "Stopping"
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  redis-cli -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true
  pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
  say "Stopped; the data stays in $DATA_DIR"
}
trap 'stop_all; exit 0' INT TERM
trap stop_all EXIT

if [ ! -f "$PG_DATA/PG_VERSION" ]; then
  say "Creating the PostgreSQL cluster in $PG_DATA"
  pg "$PG_BIN/initdb" -D "$PG_DATA" -U briefdesk --auth=trust -E UTF8 >"$DATA_DIR/logs/initdb.log"
fi
say "Starting PostgreSQL on 127.0.0.1:$PG_PORT"
pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -w -l "$PG_DATA/server.log" \
  -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start >/dev/null
psql_() { psql -h 127.0.0.1 -p "$PG_PORT" -U briefdesk -d postgres -qtAX "$@"; }
for db in briefs review notification courses; do
  [ "$(psql_ -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" = 1 ] ||
    psql_ -c "CREATE DATABASE $db"
done

say "Starting Redis on 127.0.0.1:$REDIS_PORT (append-only)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$DATA_DIR/redis" \
  --appendonly yes --save '' --daemonize no >"$DATA_DIR/logs/redis.log" 2>&1 &
PIDS+=($!)

KEY_FILE="$DATA_DIR/admin-api-key"
if [ -n "${BRIEFDESK_ADMIN_API_KEY:-}" ]; then
  ADMIN_KEY="$BRIEFDESK_ADMIN_API_KEY"
elif [ -s "$KEY_FILE" ]; then
  ADMIN_KEY="$(cat "$KEY_FILE")"
else
  ADMIN_KEY="bdk_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  (umask 077 && printf '%s\n' "$ADMIN_KEY" >"$KEY_FILE")
fi

# The admin signs in to the web app with this address and
# BRIEFDESK_ADMIN_PASSWORD; without one, the briefs service writes a
# one-time link's token here while the admin has no password.
ADMIN_EMAIL="${BRIEFDESK_ADMIN_EMAIL:-admin@briefdesk.local}"
SIGN_IN_FILE="$DATA_DIR/admin-sign-in-token"
rm -f "$SIGN_IN_FILE"

# The key that seals webhook signing secrets in the database: kept like the
# admin key, so secrets registered in an earlier run still open.
SEAL_FILE="$DATA_DIR/webhook-secret-key"
if [ -z "${BRIEFDESK_WEBHOOK_SECRET_KEY:-}" ]; then
  if [ ! -s "$SEAL_FILE" ]; then
    (umask 077 && head -c 32 /dev/urandom | base64 >"$SEAL_FILE")
  fi
  BRIEFDESK_WEBHOOK_SECRET_KEY="$(cat "$SEAL_FILE")"
fi

export BRIEFDESK_BRIEFS_ADDR="127.0.0.1:$BRIEFS_PORT"
export BRIEFDESK_REVIEW_ADDR="127.0.0.1:$REVIEW_PORT"
export BRIEFDESK_NOTIFICATION_ADDR="127.0.0.1:$NOTIFICATION_PORT"
export BRIEFDESK_COURSES_ADDR="127.0.0.1:$COURSES_PORT"
export BRIEFDESK_REDIS_ADDR="127.0.0.1:$REDIS_PORT"
db_url() { echo "host=127.0.0.1 port=$PG_PORT user=briefdesk dbname=$1"; }

say "Starting the briefs service on $BRIEFDESK_BRIEFS_ADDR"
BRIEFDESK_BRIEFS_DATABASE_URL="$(db_url briefs)" \
BRIEFDESK_METRICS_ADDR="127.0.0.1:$BRIEFS_METRICS_PORT" \
BRIEFDESK_ADMIN_API_KEY="$ADMIN_KEY" \
BRIEFDESK_ADMIN_EMAIL="$ADMIN_EMAIL" \
BRIEFDESK_ADMIN_SIGN_IN_FILE="$SIGN_IN_FILE" \
  "$BUILD_DIR/services/briefs/briefs" 2>>"$DATA_DIR/logs/briefs.log" &
PIDS+=($!)

say "Starting the review service on $BRIEFDESK_REVIEW_ADDR"
BRIEFDESK_REVIEW_DATABASE_URL="$(db_url review)" \
BRIEFDESK_METRICS_ADDR="127.0.0.1:$REVIEW_METRICS_PORT" \
  "$BUILD_DIR/services/review/review" 2>>"$DATA_DIR/logs/review.log" &
PIDS+=($!)

say "Starting the notification service on $BRIEFDESK_NOTIFICATION_ADDR"
if [ -z "${BRIEFDESK_SMTP_URL:-}" ]; then
  say "e-mail is off: BRIEFDESK_SMTP_URL is not set; set it (smtp://host:port) to send e-mail (docs/email.md)"
fi
BRIEFDESK_NOTIFICATION_DATABASE_URL="$(db_url notification)" \
BRIEFDESK_METRICS_ADDR="127.0.0.1:$NOTIFICATION_METRICS_PORT" \
BRIEFDESK_WEBHOOK_SECRET_KEY="$BRIEFDESK_WEBHOOK_SECRET_KEY" \
  "$BUILD_DIR/services/notification/notification" 2>>"$DATA_DIR/logs/notification.log" &
PIDS+=($!)

say "Starting the courses service on $BRIEFDESK_COURSES_ADDR"
BRIEFDESK_COURSES_DATABASE_URL="$(db_url courses)" \
BRIEFDESK_METRICS_ADDR="127.0.0.1:$COURSES_METRICS_PORT" \
  "$BUILD_DIR/services/courses/courses" 2>>"$DATA_DIR/logs/courses.log" &
PIDS+=($!)

say "Starting the gateway on 127.0.0.1:$HTTP_PORT"
BRIEFDESK_HTTP_PORT="$HTTP_PORT" BRIEFDESK_PUBLIC_URL="$PUBLIC_URL" \
  "$BUILD_DIR/services/gateway/gateway" 2>>"$DATA_DIR/logs/gateway.log" &
PIDS+=($!)

for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$HTTP_PORT/readyz" >/dev/null && break
  for pid in "${PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "a process exited; see $DATA_DIR/logs" >&2; exit 1; }
  done
  sleep 0.2
done
curl -sf "http://127.0.0.1:$HTTP_PORT/readyz" >/dev/null ||
  { echo "the stack did not become ready; see $DATA_DIR/logs" >&2; exit 1; }

if [ -s "$SIGN_IN_FILE" ]; then
  ADMIN_SIGN_IN="open this one-time link and choose a password:
                 $PUBLIC_URL/app/reset#$(cat "$SIGN_IN_FILE")"
elif [ -n "${BRIEFDESK_ADMIN_PASSWORD:-}" ]; then
  ADMIN_SIGN_IN="$ADMIN_EMAIL with the password in BRIEFDESK_ADMIN_PASSWORD"
else
  ADMIN_SIGN_IN="$ADMIN_EMAIL with the password chosen at the first start
                 (forgotten: stop, set BRIEFDESK_ADMIN_PASSWORD, start again)"
fi

cat <<MSG

  BriefDesk is running.
  Web app:       $PUBLIC_URL/app/
  Admin sign-in: $ADMIN_SIGN_IN
  API:           $GATEWAY_URL/v1  (reference: $GATEWAY_URL/v1/openapi.json)
  Admin API key: $ADMIN_KEY   (also in $KEY_FILE)
  Logs:          $DATA_DIR/logs

  Try: curl -H "Authorization: Bearer $ADMIN_KEY" http://127.0.0.1:$HTTP_PORT/v1/users/me
  Ctrl-C stops everything.

MSG
wait -n "${PIDS[@]}" || true
say "A process exited; see $DATA_DIR/logs"
