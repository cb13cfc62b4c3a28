#!/bin/sh
# No exec: the shell stays PID 1 and node runs as its child. PID 1 ignores SIGTERM because the
# shell installs no handler, so node never hears of it and is SIGKILLed at the grace deadline.
echo "start.sh: starting node without exec (this shell stays its parent)"
node server.ts
echo "start.sh: node exited with $?"
