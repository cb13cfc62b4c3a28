#!/bin/sh
# No exec: the shell stays PID 1. It installs a TERM handler (so PID 1 does receive SIGTERM),
# forwards the signal to node, and waits until node has finished draining.
node server.ts &
child=$!
trap 'echo "start.sh: forwarding SIGTERM to node ($child)"; kill -TERM "$child" 2>/dev/null' TERM
trap 'kill -INT "$child" 2>/dev/null' INT
wait "$child"
status=$?
# A trapped signal makes wait return early (status > 128): keep waiting while node drains.
while kill -0 "$child" 2>/dev/null; do
  wait "$child"
  status=$?
done
echo "start.sh: node exited with $status"
exit "$status"
