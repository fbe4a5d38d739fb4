#!/usr/bin/env bash
# Runs chatnode's benchmark set side by side with Redis on this machine and writes the tables of
# docs/PERFORMANCE.md (between its GENERATED markers) from the JSON results in bench/results/.
#
#   bench/run.sh                      # the whole set (soak: 600 s)
#   SOAK_SECONDS=120 REPEAT=3 bench/run.sh
#   STEPS="history history-cluster history-resume history-soak" bench/run.sh   # history (protocol 1.1)
#
# Loopback only. It installs redis-server (apt) if missing and starts its own redis-server and
# chatnode node on private ports, and stops them at the end. Everything is bounded in time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

NODE_PORT=${NODE_PORT:-7254}
REDIS_PORT=${REDIS_PORT:-6399}
CLUSTER_PORT=${CLUSTER_PORT:-15701}
REPEAT=${REPEAT:-3}
WARMUP=${WARMUP:-3}
DURATION=${DURATION:-10}
SOAK_SECONDS=${SOAK_SECONDS:-600}
PROFILE_SECONDS=${PROFILE_SECONDS:-20}
CONNS=${CONNS:-10000}
# The node runs with its default JVM sizing, the one `./chatnode node` uses when CHATNODE_JAVA_OPTS
# is not set (docs/OPERATIONS.md, "JVM sizing"), so that conns and soak measure what is deployed.
NODE_JAVA_OPTS=${NODE_JAVA_OPTS:--XX:+UseParallelGC -Xms128m -Xmn48m}
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:--Xms512m -Xmx1g -XX:+UseParallelGC}
# STEPS: a subset to (re)run, keeping the other results (e.g. STEPS="conns soak").
ALL_STEPS="fanout fanout-w1 reqrep slow cluster conns soak profile history history-cluster history-resume history-soak history-profile"
STEPS=${STEPS:-$ALL_STEPS}
out="$root/bench/results"
mkdir -p "$out"
if [[ "$STEPS" == "$ALL_STEPS" ]]; then
  rm -rf "$out"/*.json "$out"/hgrm-* "$out"/*.log "$out"/*.jfr "$out"/*.txt
fi
step() { [[ " $STEPS " == *" $1 "* ]]; }

say() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

# ---- build and tools ---------------------------------------------------------------------------
if [[ ! -f target/chatnode.jar ]] || [[ -n "$(find pom.xml src/main conf -newer target/chatnode.jar -print -quit)" ]]; then
  say "building target/chatnode.jar"
  mvn -q -B -DskipTests package
fi
if ! command -v redis-server >/dev/null; then
  say "installing redis-server (apt)"
  apt-get update -qq && apt-get install -y -qq redis-server >/dev/null
fi
command -v python3 >/dev/null || { apt-get update -qq && apt-get install -y -qq python3 >/dev/null; }

pids=()
cleanup() {
  for pid in "${pids[@]:-}"; do
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

wait_port() { # port, seconds
  local deadline=$((SECONDS + $2))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    (( SECONDS < deadline )) || { say "nothing listens on $1 after $2 s"; exit 1; }
    sleep 0.2
  done
}

# ---- Redis ---------------------------------------------------------------------------------------
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
  >"$out/redis.log" 2>&1 &
redis_pid=$!
pids+=("$redis_pid")
wait_port "$REDIS_PORT" 20
say "redis-server $(redis-server --version | awk '{print $3}') on $REDIS_PORT (pid $redis_pid)"

# ---- chatnode ------------------------------------------------------------------------------------
# What every bench node runs with: loopback only, no fixed HTTP port (8080 may be taken), flood
# control off, no lobby, room for the conns workload.
node_env=(CHATNODE_HOST=127.0.0.1 CHATNODE_HTTP_PORT=0 CHATNODE_WEB_PORT=0 CHATNODE_LIMITS_CHATRATE=0 CHATNODE_LOBBY=
  CHATNODE_LIMITS_MAXCONNECTIONS=$((CONNS + 100)))
# history.enabled of the nodes started next (the history steps switch it; the node's default is true)
HISTORY=true
node_pid=""
start_node() { # extra JVM options
  stop_node
  # shellcheck disable=SC2086
  env "${node_env[@]}" CHATNODE_PORT="$NODE_PORT" CHATNODE_HISTORY_ENABLED="$HISTORY" \
    java $NODE_JAVA_OPTS ${1:-} -jar target/chatnode.jar node >>"$out/node.log" 2>&1 &
  node_pid=$!
  pids+=("$node_pid")
  wait_port "$NODE_PORT" 180
  say "chatnode node on $NODE_PORT (pid $node_pid, history.enabled=$HISTORY, $NODE_JAVA_OPTS ${1:-})"
}
stop_node() {
  if [[ -n "$node_pid" ]]; then
    kill "$node_pid" 2>/dev/null || true
    wait "$node_pid" 2>/dev/null || true
    node_pid=""
  fi
}

cluster_pids=()
start_cluster() {
  local name="bench-$$-$RANDOM" port
  for port in "$NODE_PORT" $((NODE_PORT + 1)); do
    # shellcheck disable=SC2086
    env "${node_env[@]}" CHATNODE_PORT="$port" CHATNODE_HISTORY_ENABLED="$HISTORY" \
      CHATNODE_CLUSTER_ENABLED=true CHATNODE_CLUSTER_NAME="$name" CHATNODE_CLUSTER_PORT="$CLUSTER_PORT" \
      java $NODE_JAVA_OPTS -jar target/chatnode.jar node >>"$out/cluster-node-$port.log" 2>&1 &
    cluster_pids+=($!)
    pids+=($!)
  done
  wait_port "$NODE_PORT" 180
  wait_port $((NODE_PORT + 1)) 180
  wait_cluster_of 2 "$NODE_PORT" $((NODE_PORT + 1))
  say "chatnode cluster of 2 on $NODE_PORT and $((NODE_PORT + 1)) (pids ${cluster_pids[*]}, history.enabled=$HISTORY)"
}
stop_cluster() {
  for pid in "${cluster_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  cluster_pids=()
}
wait_cluster_of() { # size, ports...: until every node's `stats` says nodes=size (at most 60 s)
  python3 - "$@" <<'PY'
import socket, sys, time
size, ports = sys.argv[1], sys.argv[2:]
deadline = time.time() + 60
for port in ports:
    while True:
        with socket.create_connection(("127.0.0.1", int(port)), timeout=5) as s:
            f = s.makefile("rw", newline="\n")
            f.readline()  # hello
            f.write("stats\n"); f.flush()
            if f"nodes={size}" in f.readline().split():
                break
        if time.time() > deadline:
            sys.exit(f"node on {port} did not see a cluster of {size} within 60 s")
        time.sleep(0.5)
PY
}

bench() { # name, args...
  local name=$1
  shift
  local node=(--node "127.0.0.1:$NODE_PORT")
  [[ " $* " == *" --node "* ]] && node=() # the workload names its nodes itself
  say "bench $name: $*"
  # shellcheck disable=SC2086
  java $BENCH_JAVA_OPTS -jar target/chatnode.jar bench "$@" "${node[@]}" \
    --json --hgrm-dir "$out/hgrm-$name" >"$out/$name.out"
  # the report is the one JSON line; anything else (a log line) stays in the .out file
  grep '^{' "$out/$name.out" | tail -1 >"$out/$name.json"
  rm -f "$out/$name.out"
  python3 - "$out/$name.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for t in ("chatnode", "redis"):
    if t in r:
        m = r[t]
        keys = [k for k in ("messages_per_s", "deliveries_per_s", "replies_per_s", "latency_p99_us",
                            "losses", "order_violations", "seq_violations", "mapping_violations", "missing", "duplicates",
                            "resumes", "rss_per_connection_bytes", "rss_growth_second_half") if k in m]
        print("   ", t, " ".join(f"{k}={m[k]}" for k in keys), file=sys.stderr)
PY
}

compare=(--compare redis --redis "127.0.0.1:$REDIS_PORT")

start_node
step fanout && bench fanout fanout "${compare[@]}" --warmup "$WARMUP" --repeat "$REPEAT" --duration "$DURATION"
step fanout-w1 && bench fanout-w1 fanout "${compare[@]}" --window 1 --warmup "$WARMUP" --repeat "$REPEAT" --duration "$DURATION"
step reqrep && bench reqrep reqrep "${compare[@]}" --warmup "$WARMUP" --repeat "$REPEAT" --duration "$DURATION"
# The slow-consumer pairs, chatnode only: without and with a stalled subscriber, back to back and
# REPEAT times over, so that each pair sees the same machine; the report takes the median ratio.
if step slow; then
  for i in $(seq 1 "$REPEAT"); do
    bench "fanout-noslow-$i" fanout --warmup "$WARMUP" --duration "$DURATION"
    bench "fanout-slow-$i" fanout --slow 1 --warmup "$WARMUP" --duration "$DURATION"
  done
fi

if step cluster; then
  # Two clustered nodes (Hazelcast, embedded, on loopback) with subscribers and publishers spread
  # over both: every message crosses the event bus between the JVMs.
  stop_node
  start_cluster
  bench cluster cluster --node "127.0.0.1:$NODE_PORT,127.0.0.1:$((NODE_PORT + 1))" \
    --warmup "$WARMUP" --repeat "$REPEAT" --duration "$DURATION"
  stop_cluster
  start_node
fi

if step conns; then
  start_node   # a fresh node, so that the idle connections are measured from a clean baseline
  bench conns conns --connections "$CONNS" --node-pid "$node_pid"
fi

if step soak; then
  start_node
  bench soak soak --warmup "$WARMUP" --duration "$SOAK_SECONDS" --node-pid "$node_pid"
fi

# ---- profile of the node under fan-out (JFR, in the JDK) ----------------------------------------
profile_node() { # name, bench args...: a JFR profile of the node (history.enabled=$HISTORY) under a fan-out
  local name=$1
  shift
  start_node "-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -XX:FlightRecorderOptions:stackdepth=256"
  jcmd "$node_pid" JFR.start name=bench settings=profile filename="$out/node-$name.jfr" >/dev/null
  bench "$name" fanout "$@" --duration "$PROFILE_SECONDS" --warmup 2
  jcmd "$node_pid" JFR.stop name=bench >/dev/null
  stop_node
  jfr print --json --events jdk.ExecutionSample,jdk.NativeMethodSample "$out/node-$name.jfr" >"$out/node-$name-samples.json"
  python3 "$root/bench/profile.py" "$out/node-$name-samples.json" >"$out/$name.txt"
  rm -f "$out/node-$name-samples.json"
}
if step profile; then
  profile_node profile
fi

# ---- the cost of history (protocol 1.1, issue 12) -------------------------------------------------
# Every member turns on `tags` (each push carries its seq and time), with the node's history on
# and off; the two settings alternate within each round, and the first of a round alternates too,
# so that a busy moment of this shared machine falls on both alike. The report takes the median of
# the rounds' on/off ratios.
# ROUND_FROM: the number of the first round, so that more rounds can be added to a run's (e.g. ROUND_FROM=4 REPEAT=2)
ROUND_FROM=${ROUND_FROM:-1}
rounds() { seq "$ROUND_FROM" $((ROUND_FROM + REPEAT - 1)); }
order_of_round() { (( $1 % 2 == 1 )) && echo "true false" || echo "false true"; }
tagged=(--tags --warmup "$WARMUP" --duration "$DURATION")
if step history; then
  for i in $(rounds); do
    for HISTORY in $(order_of_round "$i"); do
      start_node
      bench "hist-fanout-$HISTORY-$i" fanout "${tagged[@]}"
      bench "hist-w1-$HISTORY-$i" fanout --window 1 "${tagged[@]}"
    done
  done
  HISTORY=true
  stop_node
fi
if step history-cluster; then
  # the same fan-out over 2 clustered nodes: subscribers and publishers alternate between them, so
  # each node's members check seqs numbered on both; all subscribers' seq -> message must agree
  both="127.0.0.1:$NODE_PORT,127.0.0.1:$((NODE_PORT + 1))"
  stop_node
  for i in $(rounds); do
    for HISTORY in $(order_of_round "$i"); do
      start_cluster
      bench "hist-cluster-$HISTORY-$i" cluster --node "$both" "${tagged[@]}"
      stop_cluster
    done
  done
  HISTORY=true
fi
if step history-resume; then
  # resumers leave and come back, filling the gap with history: on one node, and over two nodes
  # (each comes back to the other one)
  HISTORY=true
  start_node
  bench hist-resume-1node resume --duration "$DURATION"
  stop_node
  start_cluster
  bench hist-resume-cluster resume --node "127.0.0.1:$NODE_PORT,127.0.0.1:$((NODE_PORT + 1))" --duration "$DURATION"
  stop_cluster
fi
if step history-soak; then
  HISTORY=true
  start_node
  bench hist-soak soak --tags --warmup "$WARMUP" --duration "$SOAK_SECONDS" --node-pid "$node_pid"
  stop_node
fi
if step history-profile; then
  for HISTORY in true false; do
    profile_node "profile-history-$HISTORY" --tags
  done
  HISTORY=true
fi

stop_node
python3 "$root/bench/report.py" "$out" "$root/docs/PERFORMANCE.md"
say "done: bench/results/*.json, docs/PERFORMANCE.md"
