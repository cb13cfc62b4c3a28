#!/bin/sh
# The pod's own listen address and name (nginx cannot read the environment), then nginx as PID 1
# (exec) with this directory as its prefix. The preStop hook's `nginx -s quit` uses the same prefix
# and config, so it reads the same pid file.
printf 'listen %s:%s;\nadd_header x-zerodrop-pod "%s" always;\n' "${HOST:-0.0.0.0}" "${PORT:-8080}" "${POD_NAME:-$(hostname)}" > pod.conf
echo "start.sh: nginx on ${HOST:-0.0.0.0}:${PORT:-8080} as ${POD_NAME:-$(hostname)}"
exec nginx -p "$PWD/" -c nginx.conf
