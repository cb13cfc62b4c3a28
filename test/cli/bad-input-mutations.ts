/**
 * Deterministic bad-input mutations of a valid prestop-sleep scenario (scenario.yaml and
 * manifest.yaml), of a bring-your-own manifest and of a valid `zerodrop run` flag set. Each case
 * says which file it replaces (or which flags it adds) and the field or flag its error must name.
 */
import { LOAD_LIMITS } from '../../src/load/plan/load-limits.ts';

export interface Mutation {
  /** Short, unique description. */
  id: string;
  /** Replace these catalogue files (relative: prestop-sleep/scenario.yaml) with this text. */
  files?: Record<string, string>;
  /** Replace the bring-your-own manifest and pass it as --manifest. */
  byo?: string;
  /** Make prestop-sleep/scenario.yaml a FIFO. */
  fifo?: boolean;
  /** Flags appended to the valid set (later flags win), or scenario names replacing prestop-sleep. */
  flags?: string[];
  names?: string[];
  /** The error's field must equal this (or match it, for a RegExp); the file is checked from `files`/`byo`. */
  field: string | RegExp;
}

export interface Sources {
  scenario: string;
  manifest: string;
  byo: string;
}

const SCEN = 'prestop-sleep/scenario.yaml';
const MAN = 'prestop-sleep/manifest.yaml';

function replaceOnce(text: string, from: string | RegExp, to: string): string {
  const out = text.replace(from, to);
  if (out === text) throw new Error(`mutation source lacks ${String(from)}`);
  return out;
}

/** scenario.yaml with `load.<field>: value` set (added when the reference does not set it). */
function loadField(src: string, field: string, value: string): string {
  const re = new RegExp(`^  ${field}: .*$`, 'm');
  return re.test(src) ? src.replace(re, `  ${field}: ${value}`) : replaceOnce(src, /^load:\n/m, `load:\n  ${field}: ${value}\n`);
}

const BAD_ANY = ['.inf', '-.inf', '.nan', '"5"', 'true', 'null', '[1]', '{ a: 1 }', '""', '1e12', '-1e9', '*nope', '!custom 5'];

function scenarioCases(src: string): Mutation[] {
  const out: Mutation[] = [];
  for (const [field, r] of Object.entries(LOAD_LIMITS)) {
    const integer = !['rate', 'keepAlivePercent', 'baselineSeconds', 'recoverySeconds'].includes(field);
    const values = [String(r.min - 1), String(r.max + 1), ...BAD_ANY, ...(integer ? [String(r.min + 0.5)] : [])];
    if (field === 'rate') values.push('0.0001', '1.5', '1.9');
    for (const v of values) out.push({ id: `load.${field}: ${v}`, files: { [SCEN]: loadField(src, field, v) }, field: `load.${field}` });
  }
  const paths = [
    '"/a b"',
    '"/a\\nb"',
    '"/a\\tb"',
    '"/a\\u0000"',
    'a',
    '""',
    `/${'a'.repeat(3000)}`,
    '"/é"',
    '123',
    'null',
    '[/]',
    '*nope',
    '!custom /',
  ];
  for (const v of paths) out.push({ id: `load.path: ${v.slice(0, 20)}`, files: { [SCEN]: loadField(src, 'path', v) }, field: 'load.path' });
  for (const v of ['[]', '[foo]', '[keep-alive, keep-alive]', 'keep-alive', '123']) {
    out.push({ id: `load.streams: ${v}`, files: { [SCEN]: loadField(src, 'streams', v) }, field: /^load\.streams/ });
  }
  const top = (key: string, v: string) => replaceOnce(src, new RegExp(`^${key}: .*(\\n  .*)*`, 'm'), `${key}: ${v}`);
  for (const v of ['123', 'null', '""', '[a]', '{ a: 1 }', 'true', '*nope', '!custom x']) {
    out.push({ id: `description: ${v}`, files: { [SCEN]: top('description', v) }, field: 'description' });
    out.push({ id: `why: ${v}`, files: { [SCEN]: top('why', v) }, field: 'why' });
  }
  for (const v of ['maybe', '1', 'null', '""', '[lossless]'])
    out.push({ id: `expected: ${v}`, files: { [SCEN]: top('expected', v) }, field: 'expected' });
  for (const v of ['[]', '[reboot]', 'rollout', '[rollout, rollout]', 'null'])
    out.push({ id: `disruptions: ${v}`, files: { [SCEN]: top('disruptions', v) }, field: /^disruptions/ });
  out.push({ id: 'unknown top-level key', files: { [SCEN]: `${src}colour: red\n` }, field: 'colour' });
  out.push({ id: 'unknown load key', files: { [SCEN]: loadField(src, 'rtae', '5') }, field: 'load.rtae' });
  out.push({ id: 'load: a list', files: { [SCEN]: replaceOnce(src, /^load:\n( {2}.*\n)*/m, 'load: [1]\n') }, field: 'load' });
  out.push({ id: 'yaml: unclosed flow', files: { [SCEN]: `${src}\nextra: [unclosed\n` }, field: /^line \d+$/ });
  out.push({ id: 'yaml: duplicate key', files: { [SCEN]: `${src}expected: lossy\n` }, field: /^line \d+$/ });
  out.push({ id: 'yaml: tab indent', files: { [SCEN]: replaceOnce(src, '  rate: 100', '\trate: 100') }, field: /^line \d+$/ });
  out.push({ id: 'yaml: two documents', files: { [SCEN]: `${src}---\n${src}` }, field: '' });
  out.push({ id: 'yaml: empty', files: { [SCEN]: '' }, field: '' });
  out.push({ id: 'yaml: a list', files: { [SCEN]: '- 1\n' }, field: '(top level)' });
  // Issue 16: complex keys (toJS would stringify them with a process warning), NUL characters and bytes.
  out.push({ id: 'yaml: sequence key', files: { [SCEN]: `${src}? [a, b]\n: 1\n` }, field: /^line \d+$/ });
  out.push({
    id: 'yaml: map key in load',
    files: { [SCEN]: replaceOnce(src, /^load:\n/m, 'load:\n  ? { a: 1 }\n  : 2\n') },
    field: 'load',
  });
  out.push({ id: 'description: escaped NUL', files: { [SCEN]: top('description', '"a\\0b"') }, field: 'description' });
  out.push({ id: 'description: NUL byte', files: { [SCEN]: top('description', 'a\0b') }, field: 'line 1' });
  out.push({ id: 'NUL byte in a comment', files: { [SCEN]: `${src}# \0\n` }, field: /^line \d+$/ });
  return out;
}

const C = 'spec.template.spec.containers[0]';
/** [what to replace in prestop-sleep's manifest, the replacements, the field path that must be named]. */
const MANIFEST_EDITS: [string | RegExp, string[], string][] = [
  ['replicas: 2', ['replicas: 0', 'replicas: -1', 'replicas: 1.5', 'replicas: "2"', 'replicas: 1e9', 'replicas: *nope'], 'spec.replicas'],
  [
    'terminationGracePeriodSeconds: 5',
    [
      'terminationGracePeriodSeconds: -1',
      'terminationGracePeriodSeconds: 1e9',
      'terminationGracePeriodSeconds: "5"',
      'terminationGracePeriodSeconds: 1.5',
    ],
    'spec.template.spec.terminationGracePeriodSeconds',
  ],
  [
    'periodSeconds: 1',
    ['periodSeconds: 0', 'periodSeconds: -1', 'periodSeconds: 1e9', 'periodSeconds: "1"'],
    `${C}.readinessProbe.periodSeconds`,
  ],
  [
    'periodSeconds: 1',
    ['periodSeconds: 1\n            failureThreshold: 0', 'periodSeconds: 1\n            failureThreshold: -3'],
    `${C}.readinessProbe.failureThreshold`,
  ],
  ['periodSeconds: 1', ['periodSeconds: 1\n            initialDelaySeconds: -5'], `${C}.readinessProbe.initialDelaySeconds`],
  ['periodSeconds: 1', ['periodSeconds: 1\n            timeoutSeconds: 0'], `${C}.readinessProbe.timeoutSeconds`],
  [
    'sleep: { seconds: 3 }',
    ['sleep: { seconds: -1 }', 'sleep: { seconds: 1e9 }', 'sleep: { seconds: "3" }'],
    `${C}.lifecycle.preStop.sleep.seconds`,
  ],
  [
    'minAvailable: 1',
    ['minAvailable: "abc%"', 'minAvailable: "150%"', 'minAvailable: -1', 'minAvailable: 1.5', 'minAvailable: "1"'],
    'spec.minAvailable',
  ],
  [
    '{ name: http, containerPort: 8080 }',
    ['{ name: http, containerPort: 0 }', '{ name: http, containerPort: 70000 }', '{ name: http, containerPort: "x" }'],
    `${C}.ports[0].containerPort`,
  ],
  [
    '{ name: http, containerPort: 8080 }',
    ['{ name: HTTP_1, containerPort: 8080 }', '{ name: "", containerPort: 8080 }'],
    `${C}.ports[0].name`,
  ],
  ['port: 80, targetPort: 8080', ['port: 0, targetPort: 8080', 'port: 70000, targetPort: 8080'], 'spec.ports[0].port'],
  ['targetPort: 8080,', ['targetPort: web,', 'targetPort: 0,', 'targetPort: 70000,'], 'spec.ports[0].targetPort'],
  [
    'targetPort: 8080,',
    ['targetPort: 8080, nodePort: 80,', 'targetPort: 8080, nodePort: 40000,', 'targetPort: 8080, nodePort: "x",'],
    'spec.ports[0].nodePort',
  ],
  [
    '- { name: PORT, value: "8080" }',
    ['- { value: "8080" }', '- { name: "", value: "8080" }', '- { name: "A=B", value: "8080" }'],
    `${C}.env[0].name`,
  ],
  [
    'httpGet: { path: /readyz, port: 8080 }',
    ['httpGet: { path: /readyz, port: web }', 'httpGet: { path: /readyz, port: 0 }'],
    `${C}.readinessProbe.httpGet.port`,
  ],
  ['- name: app', ['- name: App', '- name: "a b"', '- name: ""'], `${C}.name`],
  [
    /maxSurge: 1, maxUnavailable: 0/,
    ['maxSurge: 0, maxUnavailable: 0', 'maxSurge: "x%", maxUnavailable: 0', 'maxSurge: -1, maxUnavailable: 0'],
    'spec.strategy.rollingUpdate',
  ],
  // Issue 16: a probe or lifecycle hook needs exactly one handler, an exec a command.
  [
    'httpGet: { path: /readyz, port: 8080 }',
    ['initialDelaySeconds: 0', 'exec: { command: [] }\n            initialDelaySeconds: 0'],
    `${C}.readinessProbe`,
  ],
  [
    'httpGet: { path: /readyz, port: 8080 }',
    ['httpGet: { path: /readyz, port: 8080 }\n            tcpSocket: { port: 8080 }'],
    `${C}.readinessProbe.tcpSocket`,
  ],
  [
    /preStop:\n.*\n *sleep: \{ seconds: 3 \}/,
    ['preStop: {}', 'preStop: { sleep: null }', 'preStop: { exec: {} }'],
    `${C}.lifecycle.preStop`,
  ],
  ['sleep: { seconds: 3 }', ['sleep: { seconds: 3 }\n              exec: { command: [sh] }'], `${C}.lifecycle.preStop.sleep`],
  [
    'lifecycle:\n',
    [
      'lifecycle:\n            postStart: {}\n',
      'lifecycle:\n            postStart: { httpGet: { path: /, port: 8080 }, exec: { command: [sh] } }\n',
    ],
    `${C}.lifecycle.postStart`,
  ],
  [
    /^ {2}name: prestop-sleep\n {2}labels/m,
    ['  name: "../../../escape"\n  labels', '  name: ".."\n  labels', '  name: UPPER\n  labels', '  name: "a/b"\n  labels'],
    'metadata.name',
  ],
];

function manifestCases(manifest: string, byo: string): Mutation[] {
  const out: Mutation[] = [];
  for (const [from, tos, field] of MANIFEST_EDITS) {
    for (const to of tos) {
      const named = new RegExp(`^([A-Za-z]+/[^:]+: )?${escape(field)}`);
      const byoFrom = typeof from === 'string' ? from : new RegExp(from.source.replace('prestop-sleep', 'my-app'), from.flags);
      out.push({ id: `manifest ${to.trim().slice(0, 40)}`, files: { [MAN]: replaceOnce(manifest, from, to) }, field: named });
      out.push({ id: `--manifest ${to.trim().slice(0, 40)}`, byo: replaceOnce(byo, byoFrom, to), field: named });
    }
  }
  out.push({
    id: 'manifest: unknown tag',
    files: { [MAN]: replaceOnce(manifest, 'replicas: 2', 'replicas: !custom 2') },
    field: /^(Deployment\/prestop-sleep: )?spec\.replicas$/,
  });
  out.push({
    id: 'manifest: undefined alias',
    byo: replaceOnce(byo, 'replicas: 2', 'replicas: *two'),
    field: /^(Deployment\/my-app: )?spec\.replicas$/,
  });
  out.push({ id: 'manifest: syntax', byo: `${byo}\n  - [\n`, field: /^line \d+$/ });
  return out;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const NUMERIC_FLAGS: [string, number, number][] = [
  ['--rate', 1, 100_000],
  ['--keep-alive-percent', 0, 100],
  ['--max-connections', 1, 100_000],
  ['--timeout', 1, 600_000],
  ['--baseline-seconds', 0, 3600],
  ['--recovery-seconds', 0, 3600],
  ['--recovery', 0, 3600],
  ['--repeat', 1, 1000],
  ['--parallel', 1, 64],
  ['--nodes', 1, 3],
  ['--propagation-delay', 0, 60_000],
];

function flagCases(): Mutation[] {
  const out: Mutation[] = [];
  for (const [flag, min, max] of NUMERIC_FLAGS) {
    for (const v of [
      '',
      ' ',
      String(min - 1),
      String(max + 1),
      'abc',
      '1e3',
      '0x10',
      '1.5',
      '99999999999999999999',
      'NaN',
      'Infinity',
      '-0x1',
    ]) {
      out.push({ id: `${flag} ${JSON.stringify(v)}`, flags: [flag, v], field: flag });
    }
  }
  for (const flag of ['--streams', '--provider', '--disruption', '--service-mode']) {
    for (const v of ['', 'x', 'BOTH', 'local ']) out.push({ id: `${flag} ${JSON.stringify(v)}`, flags: [flag, v], field: flag });
  }
  for (const flag of ['--out', '--scenario-dir', '--manifest', '--kubeconfig', '--context', '--target']) {
    out.push({ id: `${flag} ""`, flags: [flag, ''], field: flag });
    out.push({ id: `${flag} with a newline`, flags: [flag, 'a\nb'], field: flag });
  }
  out.push(
    { id: '--image without --manifest', flags: ['--image', 'my/app:1'], field: '--image' },
    { id: '--image ""', flags: ['--image', ''], field: '--image' },
    { id: '--kubeconfig with local', flags: ['--kubeconfig', '/tmp/kc'], field: '--kubeconfig' },
    { id: '--context with local', flags: ['--context', 'kind-x'], field: '--context' },
    { id: '--allow-context with local', flags: ['--allow-context', 'x'], field: '--allow-context' },
    { id: '--target with local', flags: ['--target', '127.0.0.1:30080'], field: '--target' },
    { id: '--dry-run with local', flags: ['--dry-run'], field: '--dry-run' },
    { id: '--nodes with kind', flags: ['--provider', 'kind', '--nodes', '2'], field: '--nodes' },
    {
      id: '--propagation-delay with kubeconfig',
      flags: ['--provider', 'kubeconfig', '--propagation-delay', '100'],
      field: '--propagation-delay',
    },
    { id: '--service-mode with kind', flags: ['--provider', 'kind', '--service-mode', 'userspace'], field: '--service-mode' },
    { id: '--target not host:port', flags: ['--provider', 'kind', '--target', 'nowhere'], field: '--target' },
    { id: '--target port 0', flags: ['--provider', 'kind', '--target', 'h:0'], field: '--target' },
    { id: '--scenario-dir missing', flags: ['--scenario-dir', '/nonexistent/zerodrop'], field: '--scenario-dir' },
    { id: '--out under /proc', flags: ['--out', '/proc/zerodrop/x'], field: '--out' },
    { id: '--out under /sys', flags: ['--out', '/sys/zerodrop'], field: '--out' },
    { id: '--out below a file', flags: ['--out', '/etc/hostname/x'], field: '--out' },
    { id: '--rate 1 over both streams', flags: ['--rate', '1'], field: '--rate' },
    { id: '--baseline ""', flags: ['--baseline', ''], field: '--baseline' },
    { id: '--baseline: a missing report', flags: ['--baseline', '/nonexistent/zerodrop/report.json'], field: '' },
    { id: '--baseline: seconds out of range (deprecated form)', flags: ['--baseline', '3601'], field: '--baseline' },
    { id: '--baseline 1 with --baseline-seconds', flags: ['--baseline', '1'], field: '--baseline' },
    { id: '--recovery with --recovery-seconds', flags: ['--recovery', '1'], field: '--recovery' },
    { id: '--rate 3 with 10 % keep-alive', flags: ['--rate', '3', '--keep-alive-percent', '10'], field: '--rate' },
  );
  for (const name of ['..', '.', '../../../etc', '_app', 'a/b', 'UPPER', 'x-', '', 'x'.repeat(64), 'pre stop']) {
    out.push({ id: `scenario name ${JSON.stringify(name.slice(0, 20))}`, names: [name], field: 'scenario name' });
  }
  out.push({ id: 'scenario.yaml is a FIFO', fifo: true, field: '' });
  return out;
}

/** Every mutation, in a fixed order; ids are unique. */
export function mutations(src: Sources): Mutation[] {
  const all = [...scenarioCases(src.scenario), ...manifestCases(src.manifest, src.byo), ...flagCases()];
  const ids = new Set<string>();
  for (const m of all) {
    while (ids.has(m.id)) m.id += "'";
    ids.add(m.id);
  }
  return all;
}
