/** The public face of util/: everything other modules use from it. */
export { displayPath } from './display-path.ts';
export { fsReason, isSymlinkLoop } from './fs-reason.ts';
export { hostPort, parseTarget } from './host-port.ts';
export { NdjsonWriter, readNdjson } from './ndjson.ts';
export { type LineTaker, scanNdjson } from './ndjson-scan.ts';
export { get } from './object-path.ts';
export { hostOwnerDead, hostOwnerMarker, ownerAlive, ownerMarker, processRuns } from './process-identity.ts';
export { ReadFileError, readRegularFile } from './read-regular-file.ts';
export { type Log, runCommand, succeeds, which } from './run-command.ts';
export { runPool } from './run-pool.ts';
export { connectOnce, probeReach, type ReachProbe } from './tcp-probe.ts';
export { sleep, type WaitCheck, waitFor } from './wait-for.ts';
