/** The proof run of `zerodrop check` (see run-proof.ts) and the sweep `zerodrop cleanup` uses. */
export { runProof, type ProofOptions } from './run-proof.ts';
export { removeProofContainers } from './remove-proof-containers.ts';
