#!/bin/sh
# The same script as shell-entrypoint: no exec, so this shell stays node's parent. Under tini
# (PID 1) SIGTERM reaches only this shell, which dies of it; tini exits with it and the kernel
# then kills node, the last process left in the PID namespace.
echo "start.sh: starting node without exec (this shell stays its parent)"
node server.ts
echo "start.sh: node exited with $?"
