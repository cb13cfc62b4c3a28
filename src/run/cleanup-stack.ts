/**
 * Cleanup actions registered as a run acquires resources (provider, workloads, files),
 * run last-in-first-out on success, failure or interrupt. A failing action does not stop the others.
 */
export class CleanupStack {
  private readonly actions: { label: string; fn: () => Promise<void> | void }[] = [];
  private running: string | undefined;

  push(label: string, fn: () => Promise<void> | void): () => void {
    const entry = { label, fn };
    this.actions.push(entry);
    return () => {
      const i = this.actions.indexOf(entry);
      if (i >= 0) this.actions.splice(i, 1);
    };
  }

  /** Runs every action; returns the failures as `label: message` lines. */
  async runAll(): Promise<string[]> {
    const failures: string[] = [];
    while (this.actions.length) {
      const { label, fn } = this.actions.pop()!;
      this.running = label;
      try {
        await fn();
      } catch (err) {
        failures.push(`${label}: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        this.running = undefined;
      }
    }
    return failures;
  }

  /** What is not cleaned up yet: the action running now first, then the rest in the order they will run. */
  pending(): string[] {
    return [...(this.running ? [this.running] : []), ...this.actions.map((a) => a.label).reverse()];
  }
}
