import {
  AppsV1Api,
  AuthorizationV1Api,
  type ConfigurationOptions,
  CoreV1Api,
  DiscoveryV1Api,
  KubeConfig,
  Observable,
  type PatchStrategy,
  PolicyV1Api,
  type RequestContext,
  type ResponseContext,
  setHeaderOptions,
  VersionApi,
} from '@kubernetes/client-node';
import { ZerodropError } from '../../errors/index.ts';
import { unreachableError } from './api-error.ts';

/** The typed API clients one provider uses, all from one KubeConfig. */
export interface KubeClients {
  kc: KubeConfig;
  context: string;
  server: string;
  core: CoreV1Api;
  apps: AppsV1Api;
  authz: AuthorizationV1Api;
  policy: PolicyV1Api;
  discovery: DiscoveryV1Api;
  version: VersionApi;
}

export interface KubeConfigSource {
  /** Kubeconfig file; default: KUBECONFIG or ~/.kube/config. */
  kubeconfig?: string;
  /** Context to use; default: the file's current context. */
  context?: string;
}

export function loadKubeConfig(src: KubeConfigSource): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (src.kubeconfig) kc.loadFromFile(src.kubeconfig);
    else kc.loadFromDefault();
  } catch (err) {
    throw new ZerodropError(`cannot load kubeconfig: ${(err as Error).message.split('\n')[0]}`, { file: src.kubeconfig, cause: err });
  }
  if (src.context) {
    if (!kc.getContextObject(src.context)) {
      const known =
        kc
          .getContexts()
          .map((c) => c.name)
          .join(', ') || 'none';
      throw new ZerodropError(`context "${src.context}" is not in the kubeconfig (contexts: ${known})`, {
        file: src.kubeconfig,
        field: '--context',
      });
    }
    kc.setCurrentContext(src.context);
  }
  if (!kc.getCurrentCluster()) {
    throw new ZerodropError('the kubeconfig has no current context with a cluster', {
      file: src.kubeconfig,
      field: 'current-context',
      hint: 'pass --context NAME',
    });
  }
  return kc;
}

export function makeClients(kc: KubeConfig): KubeClients {
  return {
    kc,
    context: kc.getCurrentContext(),
    server: kc.getCurrentCluster()?.server ?? '',
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    authz: kc.makeApiClient(AuthorizationV1Api),
    policy: kc.makeApiClient(PolicyV1Api),
    discovery: kc.makeApiClient(DiscoveryV1Api),
    version: kc.makeApiClient(VersionApi),
  };
}

/** Request options that abort the call after `ms` (client-node has no per-call timeout of its own). */
export function timeoutOptions(ms: number): ConfigurationOptions {
  return {
    middleware: [
      {
        pre: (ctx: RequestContext) => {
          ctx.setSignal(AbortSignal.timeout(ms));
          return new Observable(Promise.resolve(ctx));
        },
        post: (res: ResponseContext) => new Observable(Promise.resolve(res)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}

/** Options selecting a patch content type: strategic merge, merge, JSON patch or server-side apply. */
export function patchOptions(strategy: PatchStrategy): ConfigurationOptions {
  return setHeaderOptions('Content-Type', strategy);
}

/** Asks the API server for its version within `timeoutMs`; a one-line ZerodropError when it does not answer. */
export async function probeApiServer(c: KubeClients, timeoutMs = 5000): Promise<string> {
  try {
    const v = await c.version.getCode({}, timeoutOptions(timeoutMs));
    return v.gitVersion;
  } catch (err) {
    throw unreachableError(c.server, c.context, err);
  }
}
