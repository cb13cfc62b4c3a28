/**
 * A real Kubernetes control plane on this host for tests: etcd, kube-apiserver,
 * kube-controller-manager and kube-scheduler from the offline build (`zerodrop cluster image
 * --offline`), on free loopback ports, with a token kubeconfig whose context is `kind-cp` (so the
 * kubeconfig provider's guard lets it in). Nodes have no kubelet: FakeKubelet plays that part.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadKubeConfig, makeClients, probeApiServer } from '../../../src/cluster/kube/kube-clients.ts';
import { ETCD_SPEC, kubernetesSpec } from '../../../src/offline-cluster/go-build.ts';
import { outBin } from '../../../src/offline-cluster/paths.ts';
import { runCommand, which } from '../../../src/util/run-command.ts';

export interface ControlPlane {
  kubeconfig: string;
  context: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** Binaries, or the reason they are missing. */
export async function controlPlaneBinaries(): Promise<Record<'etcd' | 'apiserver' | 'kcm' | 'scheduler', string> | string> {
  const k8s = outBin(kubernetesSpec().name);
  const bins = {
    apiserver: join(k8s, 'kube-apiserver'),
    kcm: join(k8s, 'kube-controller-manager'),
    scheduler: join(k8s, 'kube-scheduler'),
  };
  for (const b of Object.values(bins)) if (!existsSync(b)) return `${b} is not built (zerodrop cluster image --offline)`;
  const etcd = [join(outBin(ETCD_SPEC.name), 'etcd')].find(existsSync) ?? (await which('etcd'));
  if (!etcd) return 'no etcd binary (zerodrop cluster image --offline, or apt-get install etcd-server)';
  if (!(await which('openssl'))) return 'no openssl to make the service-account key';
  return { etcd, ...bins };
}

export async function startControlPlane(): Promise<ControlPlane | string> {
  const bins = await controlPlaneBinaries();
  if (typeof bins === 'string') return bins;
  const dir = mkdtempSync(join(tmpdir(), 'zerodrop-cp-'));
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const c of children.reverse()) if (c.exitCode === null) c.kill('SIGTERM');
    await sleep(300);
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const start = (file: string, args: string[]) => {
    const child = spawn('nice', ['-n', '10', file, ...args], { cwd: dir, stdio: 'ignore' });
    child.on('error', () => undefined);
    children.push(child);
  };
  try {
    const [etcdPort, peerPort, apiPort, kcmPort, schedPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    await runCommand('openssl', ['genrsa', '-out', join(dir, 'sa.key'), '2048']);
    await runCommand('openssl', ['rsa', '-in', join(dir, 'sa.key'), '-pubout', '-out', join(dir, 'sa.pub')]);
    writeFileSync(join(dir, 'tokens.csv'), 'cptoken,admin,admin,system:masters\n');
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      `apiVersion: v1
kind: Config
current-context: kind-cp
clusters: [{ name: kind-cp, cluster: { server: "https://127.0.0.1:${apiPort}", insecure-skip-tls-verify: true } }]
users: [{ name: admin, user: { token: cptoken } }]
contexts: [{ name: kind-cp, context: { cluster: kind-cp, user: admin } }]
`,
    );
    start(bins.etcd, [
      '--data-dir',
      join(dir, 'etcd'),
      '--listen-client-urls',
      `http://127.0.0.1:${etcdPort}`,
      '--advertise-client-urls',
      `http://127.0.0.1:${etcdPort}`,
      '--listen-peer-urls',
      `http://127.0.0.1:${peerPort}`,
    ]);
    start(bins.apiserver, [
      `--etcd-servers=http://127.0.0.1:${etcdPort}`,
      `--secure-port=${apiPort}`,
      '--bind-address=127.0.0.1',
      `--cert-dir=${join(dir, 'certs')}`,
      `--token-auth-file=${join(dir, 'tokens.csv')}`,
      '--authorization-mode=AlwaysAllow',
      '--service-account-key-file=sa.pub',
      '--service-account-signing-key-file=sa.key',
      '--service-account-issuer=https://kubernetes.default.svc',
      '--service-cluster-ip-range=10.98.0.0/16',
      '--advertise-address=10.98.255.254',
    ]);
    const clients = makeClients(loadKubeConfig({ kubeconfig }));
    const end = Date.now() + 60_000;
    for (;;) {
      try {
        await probeApiServer(clients, 2000);
        break;
      } catch (err) {
        if (Date.now() > end) throw err;
        await sleep(500);
      }
    }
    const common = [
      `--kubeconfig=${kubeconfig}`,
      `--authentication-kubeconfig=${kubeconfig}`,
      `--authorization-kubeconfig=${kubeconfig}`,
      '--bind-address=127.0.0.1',
      '--leader-elect=false',
    ];
    start(bins.kcm, [
      ...common,
      `--secure-port=${kcmPort}`,
      '--service-account-private-key-file=sa.key',
      '--controllers=*,-serviceaccount-token',
    ]);
    start(bins.scheduler, [...common, `--secure-port=${schedPort}`]);
    return { kubeconfig, context: 'kind-cp', stop };
  } catch (err) {
    await stop();
    return `control plane did not start: ${(err as Error).message}`;
  }
}
