#!/bin/sh
# exec replaces the shell: node becomes PID 1 and receives SIGTERM itself.
exec node server.ts
