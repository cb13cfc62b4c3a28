/** The public face of load/: everything other modules use from it. */
export {
  AGENT_CONFIG_ENV,
  AGENT_CONTROL_PORT,
  AGENT_NODE_IP_ENV,
  AGENT_TOKEN_ENV,
  AGENT_TOKEN_HEADER,
  type AgentConfig,
} from './agent/agent-config.ts';
export { CLIENT_ERROR_CODES, CODES, PARSE_ERROR_PREFIX } from './codes.ts';
export { CONTROL_RATE, type ControlHealth, ControlProbe, parseControlHealth } from './control-probe.ts';
export { startLoad } from './load-driver.ts';
export {
  LOOP_DELAY_BOUND_MS,
  type LoadHealth,
  parseLoadHealth,
  STALL_FRACTION,
  stallBoundMs,
  takeLoadHealth,
  watchEventLoop,
} from './load-health.ts';
export {
  checkLoad,
  DEFAULT_LOAD,
  DEFAULT_POOL,
  LOAD_LIMITS,
  type LoadPlan,
  type LoadSettings,
  type LoadSource,
  MAX_PATH_LENGTH,
  MIN_STREAM_RATE,
  PATH_PATTERN,
  pathProblem,
  resolveLoadPlan,
  sharePlan,
} from './plan/index.ts';
export { AgentStream } from './remote/agent-stream.ts';
export { type ClockEstimate, type ClockSample, estimateOffset } from './remote/clock-offset.ts';
export {
  type AgentHealth,
  agentTimeLimitSeconds,
  LOAD_FROM,
  type LoadFrom,
  type LoadPod,
  type LoadPods,
  type LoadPodsRequest,
} from './remote/load-pods.ts';
export type { LoaderInfo } from './remote/loader-info.ts';
export { mergeLoaderLogs } from './remote/merge-loaders.ts';
export { openRequestLog, readRequestLog, scanRequestLog } from './request-log.ts';
export {
  type ConnectionEvent,
  type KeepAlivePool,
  type LoadTarget,
  POOL_ORDERS,
  type PoolOrder,
  type RequestRecord,
  STREAMS,
  type StreamName,
  type StreamPlan,
} from './types.ts';
export { waitServing } from './wait-serving.ts';
