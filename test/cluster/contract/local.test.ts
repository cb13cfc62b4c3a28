import { LocalProvider } from '../../../src/cluster/providers/local/local-provider.ts';
import { providerContract } from './provider-contract.ts';

providerContract('local', () => new LocalProvider({ nodes: 3 }));
