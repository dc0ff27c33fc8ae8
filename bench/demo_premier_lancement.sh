#!/usr/bin/env bash
# Benchmark of the set-up promise of issue 2: on a fresh clone, the first `make demo` serves the login page in
# under 3 minutes, a second one in seconds, and Ctrl-C leaves no process behind.
#   bash bench/demo_premier_lancement.sh            (port 8000 must be free)
# Prints the two durations and the processes left after each Ctrl-C (there should be none).
set -u
src=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
dest=$(mktemp -d /tmp/casa-bench-XXXX)
git clone -q "$src" "$dest" && cd "$dest" || exit 1

attendre() {  # $1: pause between tries, seconds
  for _ in $(seq 1 1200); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8000/connexion/)" = 200 ] && return 0
    sleep "$1"
  done
  return 1
}

lancer() {  # $1: label
  t0=$(date +%s.%N)
  setsid make demo > "$dest/demo-$1.log" 2>&1 &
  pid=$!
  if attendre 0.2; then
    echo "$1 : page de connexion servie en $(echo "$(date +%s.%N) - $t0" | bc | xargs printf '%.1f') s"
  else
    echo "$1 : ÉCHEC, la page de connexion n'a pas répondu (voir $dest/demo-$1.log)"
  fi
  sleep 3
  kill -INT -- "-$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  restes=$(ps -eo pid,args | grep -F "$dest" | grep -v grep)
  if [ -n "$restes" ]; then echo "$1 : processus restés après Ctrl-C :"; echo "$restes"; else echo "$1 : aucun processus restant après Ctrl-C"; fi
}

lancer "premier lancement"
lancer "second lancement"
rm -rf "$dest"
