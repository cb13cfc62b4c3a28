import { execFile, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LocalProvider } from '../../../../src/cluster/providers/local/local-provider.ts';
import { IPTABLES_NOTE } from '../../../../src/cluster/providers/local/service/iptables-service.ts';
import { detectIptablesSupport } from '../../../../src/cluster/providers/local/service/iptables-support.ts';
import { PROXY_RESET_NOTE } from '../../../../src/cluster/providers/local/service/l4-proxy.ts';
import { ZerodropError } from '../../../../src/errors/zerodrop-error.ts';

const support = await detectIptablesSupport();
const skip = support.ok ? '' : ` (skipped: ${support.reason})`;
const providerFile = join(dirname(fileURLToPath(import.meta.url)), '../../../../src/cluster/providers/local/local-provider.ts');

/** up() of a LocalProvider in a fresh Node process; resolves with its chosen data path and notes. */
function upInChild(opts: {
  mode?: string;
  path?: string;
  asNobody?: boolean;
}): Promise<{ mode: string; fallback?: string; notes: string[] }> {
  const script = `const { LocalProvider } = await import(${JSON.stringify(providerFile)});
const p = new LocalProvider(${opts.mode ? `{ serviceMode: ${JSON.stringify(opts.mode)} }` : ''});
await p.up(); process.stdout.write(JSON.stringify({ ...p.serviceDataPath, notes: p.notes() })); await p.down();`;
  const node = process.execPath;
  const [cmd, args] = opts.asNobody
    ? ['setpriv', ['--reuid', '65534', '--regid', '65534', '--clear-groups', node, '--input-type=module', '-e', script]]
    : [node, ['--input-type=module', '-e', script]];
  const env = { ...process.env, PATH: opts.path ?? process.env.PATH };
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { env, encoding: 'utf8', timeout: 20_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

/** Why a child running as nobody cannot load the project (e.g. a checkout under a 0700 temp dir), or ''. */
function nobodyCannotRun(): string {
  if (process.getuid?.() !== 0) return 'needs root to switch to nobody';
  const probe = spawnSync('setpriv', [
    '--reuid',
    '65534',
    '--regid',
    '65534',
    '--clear-groups',
    process.execPath,
    '-e',
    `require('node:fs').accessSync(${JSON.stringify(providerFile)}, require('node:fs').constants.R_OK)`,
  ]);
  return probe.status === 0 ? '' : `user nobody cannot run ${process.execPath} or read ${providerFile}`;
}
const nobodyReason = nobodyCannotRun();

describe('LocalProvider serviceMode', () => {
  it('rejects an unknown mode with a one-line error naming the flag', () => {
    let caught: unknown;
    try {
      new LocalProvider({ serviceMode: 'ipvs' as never });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ZerodropError);
    expect((caught as ZerodropError).oneLine()).toMatch(/--service-mode: unknown service mode "ipvs"/);
  });

  it('userspace: the L4 proxy, with the reset caveat in the notes', async () => {
    const p = new LocalProvider({ serviceMode: 'userspace' });
    await p.up();
    try {
      expect(p.serviceDataPath).toEqual({ mode: 'userspace', fallback: undefined });
      expect(p.notes()).toContain(PROXY_RESET_NOTE);
      expect(p.notes()).not.toContain(IPTABLES_NOTE);
    } finally {
      await p.down();
    }
  });

  it('auto falls back to userspace quietly when iptables-restore is not on PATH', async () => {
    const r = await upInChild({ path: dirname(process.execPath) });
    expect(r.mode).toBe('userspace');
    expect(r.notes).toContain(PROXY_RESET_NOTE);
    if (process.getuid?.() === 0) expect(r.fallback).toBe('iptables-restore is not installed');
    await expect(upInChild({ mode: 'iptables', path: dirname(process.execPath) })).rejects.toThrow(
      /iptables Service mode is not available here/,
    );
  });

  it.skipIf(nobodyReason !== '')(
    `auto falls back to userspace quietly when not root${nobodyReason ? ` (skipped: ${nobodyReason})` : ''}`,
    async () => {
      const r = await upInChild({ asNobody: true });
      expect(r).toMatchObject({ mode: 'userspace', fallback: 'not running as root' });
      expect(r.notes).toContain(PROXY_RESET_NOTE);
    },
  );
});

describe.skipIf(!support.ok)(`LocalProvider serviceMode on a host with iptables${skip}`, () => {
  it('auto and iptables choose iptables, and the notes say so instead of the reset caveat', async () => {
    for (const mode of [undefined, 'iptables'] as const) {
      const p = new LocalProvider({ serviceMode: mode });
      await p.up();
      expect(p.serviceDataPath.mode).toBe('iptables');
      expect(p.notes()).toContain(IPTABLES_NOTE);
      expect(p.notes()).not.toContain(PROXY_RESET_NOTE);
      await p.down();
    }
  });
});
