#!/bin/sh
# No exec: this shell stays node's parent, and a SIGTERM sent to it never reaches node.
# As PID 1 (shell-entrypoint) the shell has no SIGTERM handler, so the kernel drops the signal
# and node is SIGKILLed at the grace deadline. Under tini (scenario tini, which copies this file)
# the shell dies of the signal, tini exits with it, and the kernel kills node at once.
echo "start.sh: starting node without exec (this shell stays its parent)"
node server.ts
echo "start.sh: node exited with $?"
