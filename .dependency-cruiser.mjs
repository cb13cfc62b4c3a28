// The house's import rules (docs/architecture.md). Checked by `npm run deps` and by
// test/architecture/import-rules.test.ts (part of `npm test`).
//
// FLOORS lists the modules under src/ from the ground up. A module may import only modules on
// lower floors, always through their index.ts; modules on one floor never import each other.

/** Floors, lowest first; each floor holds one or more modules (folders under src/, or src/index.ts as `api`). */
export const FLOORS = [
  ['errors', 'version.ts'],
  ['util'],
  ['yaml'],
  ['k8s'],
  ['load', 'timeline', 'offline-cluster'],
  ['metrics'],
  ['render', 'cluster'],
  ['disruption'],
  ['scenario'],
  ['check', 'compare'],
  ['report'],
  ['run'],
  ['live'],
  ['api'],
  ['cli'],
];

const esc = (s) => s.replace(/[.]/g, '\\.');
/** The path pattern of a module: a folder, or one file directly under src/. */
const modulePath = (m) => (m.endsWith('.ts') ? `^src/${esc(m)}$` : `^src/${m}/`);

function floorRules() {
  const rules = [];
  FLOORS.forEach((floor, i) => {
    const sameOrAbove = FLOORS.slice(i).flat();
    for (const m of floor) {
      const higher = sameOrAbove.filter((x) => x !== m);
      if (!higher.length) continue;
      rules.push({
        name: `floor-${m}`,
        comment: `${m} may import only modules on lower floors (${FLOORS.slice(0, i).flat().join(', ') || 'none'})`,
        severity: 'error',
        from: { path: modulePath(m) },
        to: { path: `(${higher.map(modulePath).join('|')})` },
      });
    }
  });
  return rules;
}

/** Modules entered only through their index.ts from outside (single-file modules have no inside). */
const FRONTED = FLOORS.flat().filter((m) => !m.endsWith('.ts') && m !== 'cli');

/** Folders inside cluster/ that are one provider each: none imports another's files. */
const PROVIDERS = ['local', 'kind', 'kubeconfig'];

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'no circle between files (and so none between modules)',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...floorRules(),
    ...FRONTED.map((m) => ({
      name: `front-${m}`,
      comment: `from outside ${m}/, its index.ts is the only way in`,
      severity: 'error',
      from: { path: '^src/', pathNot: `^src/${m}/` },
      to: { path: `^src/${m}/`, pathNot: `^src/${m}/index\\.ts$` },
    })),
    ...PROVIDERS.map((p) => ({
      name: `provider-${p}-apart`,
      comment: `no other file of cluster/ imports the ${p} provider's files but through cluster/providers/${p}/index.ts`,
      severity: 'error',
      from: { path: '^src/cluster/', pathNot: `^src/cluster/providers/${p}/` },
      to: { path: `^src/cluster/providers/${p}/`, pathNot: `^src/cluster/providers/${p}/index\\.ts$` },
    })),
    {
      name: 'load-agent-closure',
      comment: "`zerodrop agent` loads only the agent's import closure: it stays within load/, k8s/, errors/ and util/",
      severity: 'error',
      from: { path: '^src/load/agent/agent-main\\.ts$' },
      to: { path: '^src/', pathNot: '^src/(load|k8s|errors|util)/', reachable: true },
    },
    {
      name: 'src-not-tests',
      comment: 'the library and the scripts never import tests',
      severity: 'error',
      from: { path: '^(src|scripts|bench|bin)/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    moduleSystems: ['es6'],
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs'] },
  },
};
