#!/usr/bin/env bash
# A real standalone Flink session cluster on this machine, from Maven Central jars alone: one
# JobManager (StandaloneSessionClusterEntrypoint) and N TaskManagers (TaskManagerRunner), each its
# own JVM, every address and port on 127.0.0.1. The Flink distribution tarball is not needed: the
# class path is what `dependency:build-classpath` resolves for flink-runtime/pom.xml beside this
# script, and the memory arguments are the ones Flink's own bin/ scripts compute, asked of the same
# BashJavaUtils class they call.
#
#   flink-cluster.sh up | down | status | submit JAR [--key=value ...]
#
# Everything lives under one directory ($JURY_FLINK_HOME): conf/, log/, pid/, tmp/, uploads/ and
# checkpoints/. `down` stops exactly the processes whose PIDs `up` recorded.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

# Settings; each can be overridden from the environment.
FLINK_HOME_DIR="${JURY_FLINK_HOME:-$ROOT/data/cluster/flink}"     # the cluster's data directory
REST_PORT="${JURY_FLINK_REST_PORT:-8081}"                          # REST API and web submission
RPC_PORT="${JURY_FLINK_RPC_PORT:-6123}"                            # JobManager RPC (TaskManagers dial it)
TASK_MANAGERS="${JURY_FLINK_TASK_MANAGERS:-2}"                     # TaskManager JVMs
SLOTS="${JURY_FLINK_SLOTS:-1}"                                     # slots per TaskManager
JM_MEMORY="${JURY_FLINK_JM_MEMORY:-768m}"                          # JobManager process size
TM_MEMORY="${JURY_FLINK_TM_MEMORY:-1024m}"                         # TaskManager process size
START_TIMEOUT="${JURY_FLINK_START_TIMEOUT:-300}"                   # seconds until all TMs registered
HOST=127.0.0.1

CONF="$FLINK_HOME_DIR/conf"
LOGS="$FLINK_HOME_DIR/log"
PIDS="$FLINK_HOME_DIR/pid"
CLASSPATH_FILE="$FLINK_HOME_DIR/classpath.txt"
POM="$HERE/flink-runtime/pom.xml"

# Java 17 closes the JDK's internals; Flink's serializers and network stack reach into these, as in
# the env.java.opts.all of Flink's own default configuration.
JDK_OPENS=(
  --add-exports=java.base/sun.net.util=ALL-UNNAMED
  --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
)

log() { echo "flink-cluster: $*" >&2; }
die() { log "$*"; exit 1; }

# Resolved once, again when the POM changes. Offline first (the usual case once the build has run),
# then online for a fresh machine.
classpath() {
  if [[ ! -s "$CLASSPATH_FILE" || "$POM" -nt "$CLASSPATH_FILE" || "$ROOT/pom.xml" -nt "$CLASSPATH_FILE" ]]; then
    mkdir -p "$FLINK_HOME_DIR"
    log "resolving the Flink class path with Maven..."
    local args=(-q -B -f "$POM" dependency:build-classpath -DincludeScope=runtime
      "-Dmdep.outputFile=$CLASSPATH_FILE")
    "$ROOT/mvnw" -o "${args[@]}" >&2 || "$ROOT/mvnw" "${args[@]}" >&2 \
      || die "could not resolve the class path of $POM"
  fi
  cat "$CLASSPATH_FILE"
}

write_config() {
  mkdir -p "$CONF" "$LOGS" "$PIDS" "$FLINK_HOME_DIR/tmp" "$FLINK_HOME_DIR/uploads" \
    "$FLINK_HOME_DIR/checkpoints"
  # Flink 2 reads conf/config.yaml (standard YAML; flat keys are valid).
  cat >"$CONF/config.yaml" <<YAML
# Written by infra/cluster/flink-cluster.sh; rewritten on every 'up'.
jobmanager.rpc.address: $HOST
jobmanager.rpc.port: $RPC_PORT
jobmanager.bind-host: $HOST
jobmanager.memory.process.size: $JM_MEMORY
taskmanager.host: $HOST
taskmanager.bind-host: $HOST
taskmanager.memory.process.size: $TM_MEMORY
# The jobs keep their state on the heap (hashmap backend): managed memory would sit unused.
taskmanager.memory.managed.fraction: 0.05
taskmanager.numberOfTaskSlots: $SLOTS
rest.address: $HOST
rest.bind-address: $HOST
rest.port: $REST_PORT
# Random free ports, still on 127.0.0.1 only (the bind hosts above).
blob.server.port: "0"
taskmanager.rpc.port: "0"
taskmanager.data.port: 0
metrics.internal.query-service.port: "0"
web.upload.dir: $FLINK_HOME_DIR/uploads
io.tmp.dirs: $FLINK_HOME_DIR/tmp
execution.checkpointing.dir: file://$FLINK_HOME_DIR/checkpoints
high-availability.type: NONE
# On a busy shared machine RPC calls and heartbeats can take longer than the defaults allow.
pekko.ask.timeout: 30 s
heartbeat.timeout: 120 s
YAML
}

# Prints Flink's resource arguments for 'JM' or 'TM': line 1 the JVM options, line 2 the -D settings.
resource_params() {
  local what="GET_${1}_RESOURCE_PARAMS" cp out
  cp="$(classpath)"
  out="$(java -Xmx64m -cp "$cp" org.apache.flink.runtime.util.bash.BashJavaUtils "$what" \
    --configDir "$CONF" 2>&1)" || die "BashJavaUtils $what failed: $out"
  # As Flink's config.sh does: the answer is on the lines marked with this prefix.
  grep '^BASH_JAVA_UTILS_EXEC_RESULT:' <<<"$out" | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://' | tail -n 2
}

alive() { # pid file -> true if that process is running and is one of ours
  local pid
  [[ -f "$1" ]] || return 1
  pid="$(cat "$1")"
  # The command line names this cluster's conf dir: a PID reused by another process is not ours.
  tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$CONF"
}

start_process() { # name main-class jvm-options dynamic-settings [extra args...]
  local name="$1" main="$2" jvm="$3" dyn="$4"
  shift 4
  local cp
  cp="$(classpath)"
  # shellcheck disable=SC2086  # jvm and dyn are word lists computed by Flink.
  nohup java $jvm "${JDK_OPENS[@]}" -XX:+UseSerialGC -XX:ActiveProcessorCount=2 \
    -Dlog.file="$LOGS/$name.log" -Dorg.slf4j.simpleLogger.showDateTime=true \
    -Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn \
    -cp "$cp" "$main" --configDir "$CONF" $dyn "$@" >"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$PIDS/$name.pid"
  log "started $name (pid $!), log $LOGS/$name.log"
}

rest() { curl -sf --max-time 5 "http://$HOST:$REST_PORT$1"; }

registered_task_managers() {
  rest /overview 2>/dev/null | sed -n 's/.*"taskmanagers":\([0-9]*\).*/\1/p'
}

# Starts one JVM and waits until it is ready: the REST API answers (JobManager) or <want>
# TaskManagers are registered. Retries once if the JVM exits meanwhile.
start_and_wait() { # name want-task-managers main jvm dyn [args...]
  local name="$1" want="$2" attempt
  shift 2
  for attempt in 1 2; do
    start_process "$name" "$@"
    while true; do
      if [[ "$want" -eq 0 ]]; then
        rest /overview >/dev/null 2>&1 && return 0
      else
        [[ "$(registered_task_managers || true)" -ge "$want" ]] && return 0
      fi
      if ! alive "$PIDS/$name.pid"; then
        log "$name exited during start-up (attempt $attempt); see $LOGS/$name.log"
        cp "$LOGS/$name.log" "$LOGS/$name.attempt-$attempt.log"
        break
      fi
      if ((SECONDS > deadline)); then
        down
        die "$name not ready after ${START_TIMEOUT}s; see $LOGS"
      fi
      sleep 1
    done
  done
  down
  die "$name did not start; see $LOGS"
}

up() {
  if alive "$PIDS/jobmanager.pid"; then
    die "already running (pid $(cat "$PIDS/jobmanager.pid")); '$0 down' first"
  fi
  command -v curl >/dev/null || die "curl is needed to wait for the REST API"
  write_config
  classpath >/dev/null
  local jm tm
  mapfile -t jm < <(resource_params JM)
  mapfile -t tm < <(resource_params TM)
  [[ ${#jm[@]} -eq 2 && ${#tm[@]} -eq 2 ]] || die "unexpected BashJavaUtils output"
  # One JVM at a time, each waited for: started together on a busy 2-core machine, their RPC
  # systems missed Pekko's 10 s start-up timeout in Remoting.start ("Could not create actor
  # system"; setting pekko.startup-timeout: 60 s did not change it in a trial). A JVM that still
  # fails is started once more before 'up' gives up.
  local deadline=$((SECONDS + START_TIMEOUT))
  start_and_wait jobmanager 0 org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
    "${jm[0]}" "${jm[1]}"
  for ((i = 1; i <= TASK_MANAGERS; i++)); do
    mkdir -p "$FLINK_HOME_DIR/tmp/taskmanager-$i"
    start_and_wait "taskmanager-$i" "$i" org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
      "${tm[0]}" "${tm[1]}" -D "taskmanager.resource-id=taskmanager-$i" \
      -D "io.tmp.dirs=$FLINK_HOME_DIR/tmp/taskmanager-$i"
  done
  local n
  n="$(registered_task_managers || true)"
  log "ready: http://$HOST:$REST_PORT with $n TaskManagers x $SLOTS slots"
}

down() {
  local f pid
  shopt -s nullglob
  # TaskManagers first, so they do not spend the JobManager's shutdown reconnecting to it.
  for f in "$PIDS"/taskmanager-*.pid "$PIDS"/jobmanager.pid; do
    [[ -f "$f" ]] || continue
    pid="$(cat "$f")"
    if alive "$f"; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 30); do
        alive "$f" || break
        sleep 0.5
      done
      if alive "$f"; then
        log "$(basename "$f" .pid) (pid $pid) ignored SIGTERM for 15 s; killing it"
        kill -9 "$pid" 2>/dev/null || true
      fi
      log "stopped $(basename "$f" .pid) (pid $pid)"
    fi
    rm -f "$f"
  done
}

status() {
  local f any=1
  shopt -s nullglob
  for f in "$PIDS"/*.pid; do
    if alive "$f"; then
      echo "$(basename "$f" .pid): running (pid $(cat "$f"))"
      any=0
    else
      echo "$(basename "$f" .pid): not running (stale pid file)"
    fi
  done
  if ((any == 0)); then
    echo "REST http://$HOST:$REST_PORT: $(rest /overview || echo unreachable)"
  else
    echo "not running"
  fi
  return $any
}

# Uploads a job jar and runs it with the given program arguments; prints the job id.
submit() {
  local jar="${1:?usage: $0 submit JAR [--key=value ...]}" upload jar_id args=""
  shift
  upload="$(curl -sf --max-time 60 -X POST -H 'Expect:' -F "jarfile=@$jar" \
    "http://$HOST:$REST_PORT/jars/upload")" || die "upload of $jar failed"
  jar_id="$(sed -n 's|.*"filename":"[^"]*/\([^"/]*\)".*|\1|p' <<<"$upload")"
  [[ -n "$jar_id" ]] || die "unexpected upload answer: $upload"
  for a in "$@"; do args+="${args:+,}\"${a//\"/\\\"}\""; done
  local answer status
  answer="$(curl -s --max-time 120 -w '\n%{http_code}' -X POST -H 'Content-Type: application/json' \
    -d "{\"programArgsList\":[${args}]}" "http://$HOST:$REST_PORT/jars/$jar_id/run")" \
    || die "run of $jar_id failed: no answer"
  status="${answer##*$'\n'}"
  answer="${answer%$'\n'*}"
  # Flink answers a program that fails before submitting (e.g. a bad setting) with 4xx/5xx and the
  # program's exception in the body: show it.
  [[ "$status" == 2* ]] || die "run refused (HTTP $status): $answer"
  sed -n 's/.*"jobid":"\([0-9a-f]*\)".*/\1/p' <<<"$answer"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  submit) shift; submit "$@" ;;
  *)
    echo "usage: $0 up|down|status|submit JAR [--key=value ...]" >&2
    exit 2
    ;;
esac
