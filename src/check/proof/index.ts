/** The proof run of `zerodrop check` (see run-proof.ts) and the sweep `zerodrop cleanup` uses. */

export { removeProofContainers } from './remove-proof-containers.ts';
export { type ProofOptions, runProof } from './run-proof.ts';
