/** The public face of live/: everything other modules use from it. */
export { type LiveServer, startLiveServer } from './live-server.ts';
export { LiveState, type ScenarioLive } from './live-state.ts';
export { countOf, shownKinds } from './outcome-counts.ts';
