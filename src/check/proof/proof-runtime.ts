import type { ContainerRuntimeClient } from 'testcontainers';

export type Testcontainers = typeof import('testcontainers');
export type ProofRuntime = { tc: Testcontainers; client: ContainerRuntimeClient };

/**
 * testcontainers and its client of the local Docker engine, loaded on first use (a CLI run with
 * --no-proof never pays for it). Ryuk, testcontainers' reaper, is a registry image that cannot be
 * pulled offline: it is switched off before the first container starts (getReaper() reads the
 * variable then), and the proof removes its containers itself (remove-proof-containers.ts).
 * Resolves to a one-line reason when no engine answers.
 */
export async function proofRuntime(): Promise<ProofRuntime | { skipped: string }> {
  process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
  const tc = await import('testcontainers');
  try {
    return { tc, client: await tc.getContainerRuntimeClient() };
  } catch (err) {
    return { skipped: `no Docker engine answers (${(err as Error).message}): proof skipped, static rules only` };
  }
}
