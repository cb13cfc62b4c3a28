import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { iptablesRestore, iptablesSave } from '../../../../src/cluster/providers/local/service/iptables-exec.ts';
import {
  chainPid,
  endpointRules,
  newChainName,
  parseZdChains,
  setupRules,
  teardownRules,
} from '../../../../src/cluster/providers/local/service/iptables-rules.ts';
import { detectIptablesSupport, removeStaleChains } from '../../../../src/cluster/providers/local/service/iptables-support.ts';

const support = await detectIptablesSupport();
const skip = support.ok ? '' : ` (skipped: ${support.reason})`;

const ep = (pod: string, host: string, port: number) => ({ pod, host, port, ready: true, serving: true, terminating: false });

describe('iptables rules text', () => {
  it('gives each of n endpoints 1/n of new connections through decreasing probabilities', () => {
    const text = endpointRules('ZD-1-1', [ep('a', '127.9.0.1', 80), ep('b', '127.9.0.2', 80), ep('c x', '127.9.0.3', 81)]);
    const rules = text.split('\n').filter((l) => l.startsWith('-A'));
    expect(rules).toHaveLength(3);
    expect(rules[0]).toContain('--probability 0.3333333333 -j DNAT --to-destination 127.9.0.1:80');
    expect(rules[1]).toContain('--probability 0.5000000000 -j DNAT --to-destination 127.9.0.2:80');
    expect(rules[2]).not.toContain('statistic');
    expect(rules[2]).toContain('--comment "c_x"');
    expect(text.startsWith('*nat\n:ZD-1-1 - [0:0]\n')).toBe(true);
    expect(
      endpointRules('ZD-1-1', [])
        .split('\n')
        .filter((l) => l.startsWith('-A')),
    ).toEqual([]);
  });

  it('names chains ZD-<pid>-<n>, unique per call, and parses them back', () => {
    const a = newChainName();
    const b = newChainName();
    expect(a).not.toBe(b);
    expect(chainPid(a)).toBe(process.pid);
    expect(chainPid('DOCKER')).toBeUndefined();
    const save = `*nat\n:OUTPUT ACCEPT [0:0]\n:${a} - [0:0]\n:DOCKER - [0:0]\n-A OUTPUT -d 127.0.0.1/32 -p tcp -m tcp --dport 5 -j ${a}\n-A OUTPUT -j DOCKER\nCOMMIT\n`;
    expect(parseZdChains(save)).toEqual({
      chains: [a],
      hooks: [{ chain: a, spec: `OUTPUT -d 127.0.0.1/32 -p tcp -m tcp --dport 5 -j ${a}` }],
    });
    expect(teardownRules(new Map([['nat', { chains: [], hooks: [] }]]))).toBe('');
  });
});

describe.skipIf(!support.ok)(`iptables support on this host${skip}`, () => {
  it('removes ZD chains of dead processes and keeps those of live ones', async () => {
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(child.stdout);
    expect(deadPid).toBeGreaterThan(0);
    const dead = `ZD-${deadPid}-${process.pid % 1000}`;
    const mine = newChainName();
    await iptablesRestore(setupRules(dead, '127.0.0.1', 9));
    await iptablesRestore(setupRules(mine, '127.0.0.1', 10));
    try {
      const removed = await removeStaleChains();
      expect(removed).toContain(dead);
      expect(removed).not.toContain(mine);
      const all = `${await iptablesSave('nat')}${await iptablesSave('filter')}`;
      expect(all).not.toContain(dead);
      // nat: chain and hook; filter: chain, REJECT rule and hook
      expect(all.split('\n').filter((l) => l.includes(mine)).length).toBe(5);
    } finally {
      const both = { chains: [mine], hooks: [`OUTPUT -d 127.0.0.1/32 -p tcp -m tcp --dport 10 -j ${mine}`] };
      await iptablesRestore(
        teardownRules(
          new Map([
            ['nat', both],
            ['filter', both],
          ]),
        ),
      );
    }
    expect(`${await iptablesSave('nat')}${await iptablesSave('filter')}`).not.toContain(mine);
  });

  it('detects support once per process', async () => {
    expect(detectIptablesSupport()).toBe(detectIptablesSupport());
    expect(await detectIptablesSupport()).toEqual({ ok: true });
  });
});
