import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.ts';

/** Each bad combination of the load-from flags: exit 2 with one line naming the flag, before anything starts. */
const CASES: { args: string[]; flag: string }[] = [
  { args: ['--load-from', 'cluster'], flag: '--load-from' },
  { args: ['--provider', 'kind', '--load-from', 'pods'], flag: '--load-from' },
  { args: ['--provider', 'kind', '--load-pods', '3'], flag: '--load-pods' },
  { args: ['--provider', 'kind', '--load-from', 'cluster', '--load-pods', '0'], flag: '--load-pods' },
  { args: ['--provider', 'kind', '--load-from', 'cluster', '--load-pods', '65'], flag: '--load-pods' },
  { args: ['--provider', 'kind', '--load-from', 'cluster', '--load-pods', '2.5'], flag: '--load-pods' },
  { args: ['--provider', 'kind', '--load-image', 'a/b:1'], flag: '--load-image' },
  { args: ['--provider', 'kind', '--load-from', 'cluster', '--load-image', 'a b'], flag: '--load-image' },
  { args: ['--provider', 'kind', '--load-from', 'host', '--load-host-network'], flag: '--load-host-network' },
  { args: ['--provider', 'kubeconfig', '--load-from', 'cluster'], flag: '--load-image' },
];

describe('load-from flags', () => {
  for (const c of CASES) {
    it(`rejects ${c.args.join(' ')} naming ${c.flag}`, async () => {
      const r = await runCli(['run', 'prestop-sleep', ...c.args]);
      expect(r.code).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(c.flag);
      expect(r.stdout).toBe('');
    });
  }
});
