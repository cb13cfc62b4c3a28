/** The connections a load run may hold open at once, over all its streams. */
export class ConnectionBudget {
  readonly max: number;
  private open = 0;
  private top = 0;
  private next = 0;

  constructor(max: number) {
    this.max = max;
  }

  /** A new connection number, or undefined when `max` are open. */
  take(): number | undefined {
    if (this.open >= this.max) return undefined;
    this.open++;
    this.top = Math.max(this.top, this.open);
    return ++this.next;
  }

  release(): void {
    this.open = Math.max(0, this.open - 1);
  }
  get peak(): number {
    return this.top;
  }
  get inUse(): number {
    return this.open;
  }
}
