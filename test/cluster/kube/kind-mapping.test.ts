import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodePortMapping } from '../../../src/cluster/providers/kind/kind-provider.ts';
import { renderKindConfig } from '../../../src/offline-cluster/kind-config.ts';
import { REPO_ROOT } from '../../../src/offline-cluster/paths.ts';

describe('kind NodePort mapping', () => {
  it('reads the repository kind-config.yaml: NodePort 30080 on 127.0.0.1:30080', () => {
    const text = readFileSync(join(REPO_ROOT, 'kind-config.yaml'), 'utf8');
    expect(nodePortMapping(text)).toEqual({ nodePort: 30080, host: '127.0.0.1', hostPort: 30080 });
  });

  it('follows the generated config when host port and listen address differ', () => {
    const text = renderKindConfig({
      name: 'z',
      workers: 1,
      nodePort: 31234,
      hostPort: 18080,
      listenAddress: '0.0.0.0',
      podSubnet: '10.244.0.0/16',
      serviceSubnet: '10.96.0.0/16',
    });
    expect(nodePortMapping(text)).toEqual({ nodePort: 31234, host: '127.0.0.1', hostPort: 18080 });
  });

  it('refuses a config without a NodePort mapping, naming the field', () => {
    const text = 'kind: Cluster\nnodes:\n  - role: control-plane\n    extraPortMappings:\n      - { containerPort: 80, hostPort: 8080 }\n';
    expect(() => nodePortMapping(text, 'my-kind.yaml')).toThrow(/no extraPortMappings entry maps a NodePort/);
  });
});
