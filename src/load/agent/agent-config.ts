import { ZerodropError } from '../../errors/index.ts';
import { type DriverPlan, type LoadTarget, POOL_ORDERS, type PoolOrder, STREAMS } from '../types.ts';

/** The agent's settings, as one JSON value in this environment variable (the Job sets it). */
export const AGENT_CONFIG_ENV = 'ZERODROP_AGENT_CONFIG';
/** The agent's index among the load pods: an Indexed Job sets it in every pod. */
export const AGENT_INDEX_ENV = 'JOB_COMPLETION_INDEX';
/** The node's IP (downward API status.hostIP): the target host when the config leaves it empty (host network, own node's NodePort). */
export const AGENT_NODE_IP_ENV = 'ZERODROP_NODE_IP';
/** The control server's port in the pod network; 0 (any free port) on the host network, where pods share the node's ports. */
export const AGENT_CONTROL_PORT = 9470;
/** The control token, from a Secret of the load pods' namespace: every control request must carry it. */
export const AGENT_TOKEN_ENV = 'ZERODROP_AGENT_TOKEN';
/** The request header carrying it (the API server's pod proxy passes it on; Authorization is the proxy's own). */
export const AGENT_TOKEN_HEADER = 'x-zerodrop-token';

/**
 * What one load pod sends (its share of the run's load plan: load/plan sharePlan), and how it is
 * controlled. Every pod of a run gets the same settings. The wire format: one JSON object.
 */
export interface AgentConfig extends DriverPlan {
  /** Where load goes; host '' = the node's IP from ZERODROP_NODE_IP. */
  target: LoadTarget;
  controlPort: number;
  /** The agent stops sending and exits this long after it starts, stopped or not (the harness may be gone). */
  maxRunSeconds: number;
}

export interface ResolvedAgentConfig extends AgentConfig {
  loader: number;
  /** When set, a control request without this token in AGENT_TOKEN_HEADER is answered 403. */
  token?: string;
}

const fail = (what: string) => new ZerodropError(what, { field: AGENT_CONFIG_ENV });
const count = (v: unknown, min: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min;

/** The config from the environment, checked; a ZerodropError naming the bad field otherwise. */
export function readAgentConfig(env: NodeJS.ProcessEnv): ResolvedAgentConfig {
  const text = env[AGENT_CONFIG_ENV];
  if (!text) throw fail('is not set');
  let c: Partial<AgentConfig>;
  try {
    c = JSON.parse(text) as Partial<AgentConfig>;
  } catch {
    throw fail('is not JSON');
  }
  const t = c.target;
  if (!t || typeof t.host !== 'string' || !count(t.port, 1) || typeof t.path !== 'string' || !t.path.startsWith('/'))
    throw fail('target must be {host, port, path}');
  const host = t.host || env[AGENT_NODE_IP_ENV] || '';
  if (!host) throw fail(`target.host is empty and ${AGENT_NODE_IP_ENV} is not set`);
  if (
    !Array.isArray(c.streams) ||
    !c.streams.length ||
    !c.streams.every((s) => STREAMS.includes(s?.name) && typeof s.rate === 'number' && s.rate > 0)
  ) {
    throw fail('streams must name keep-alive / new-connection with positive rates');
  }
  for (const k of ['maxConnections', 'timeoutMs', 'maxRunSeconds'] as const)
    if (!count(c[k], 1)) throw fail(`${k} must be a positive integer`);
  if (!count(c.reconnectEvery, 0)) throw fail('reconnectEvery must be 0 or a positive integer');
  if (!POOL_ORDERS.includes(c.pool?.order as PoolOrder) || !count(c.pool?.idleCloseMs, 0))
    throw fail(`pool must be {order: ${POOL_ORDERS.join(' | ')}, idleCloseMs: 0 or more}`);
  if (!count(c.controlPort, 0)) throw fail('controlPort must be a port number');
  const loader = Number(env[AGENT_INDEX_ENV] ?? '0');
  if (!count(loader, 0)) throw new ZerodropError('must be a number', { field: AGENT_INDEX_ENV });
  const token = env[AGENT_TOKEN_ENV];
  return { ...(c as AgentConfig), target: { ...t, host }, loader, ...(token ? { token } : {}) };
}
