import { type KubeConfig, Watch } from '@kubernetes/client-node';

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

interface Obj {
  metadata?: { name?: string; resourceVersion?: string };
}

export interface ResourceWatchOptions<T extends Obj> {
  kc: KubeConfig;
  /** Collection path, e.g. /api/v1/namespaces/ns/pods. */
  path: string;
  labelSelector?: string;
  /** The same collection, listed (gives the items and the resourceVersion to watch from). */
  list: () => Promise<{ items: T[]; metadata?: { resourceVersion?: string } }>;
  onEvent: (type: WatchType, obj: T) => void;
  /** Watch failures that are retried (for diagnostics); never thrown. */
  onRetry?: (err: unknown) => void;
  retryMs?: number;
}

/**
 * List-then-watch of one collection that survives reconnects: client-node's Watch ends after 30 s
 * without data and on server timeouts, so each end relists (emitting what changed meanwhile,
 * including deletions) and watches again from the new resourceVersion.
 */
export class ResourceWatch<T extends Obj> {
  private readonly opts: ResourceWatchOptions<T>;
  private readonly known = new Map<string, T>();
  private controller: AbortController | undefined;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private resourceVersion = '';

  constructor(opts: ResourceWatchOptions<T>) {
    this.opts = opts;
  }

  /** Resolves once the first list has been delivered (the first watch is then being opened). */
  async start(): Promise<void> {
    await this.relist();
    void this.watch();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.controller?.abort();
  }

  private async relist(): Promise<void> {
    const list = await this.opts.list();
    if (this.stopped) return;
    const seen = new Set<string>();
    for (const item of list.items) {
      const name = item.metadata?.name ?? '';
      seen.add(name);
      const type: WatchType = this.known.has(name) ? 'MODIFIED' : 'ADDED';
      if (this.known.get(name)?.metadata?.resourceVersion === item.metadata?.resourceVersion) continue;
      this.known.set(name, item);
      this.opts.onEvent(type, item);
    }
    for (const [name, item] of [...this.known]) {
      if (seen.has(name)) continue;
      this.known.delete(name);
      this.opts.onEvent('DELETED', item);
    }
    this.resourceVersion = list.metadata?.resourceVersion ?? '';
  }

  private async watch(): Promise<void> {
    if (this.stopped) return;
    let restartWithList = false;
    const startedAt = Date.now();
    const query: Record<string, string | boolean> = { allowWatchBookmarks: true, resourceVersion: this.resourceVersion };
    if (this.opts.labelSelector) query.labelSelector = this.opts.labelSelector;
    this.controller = await new Watch(this.opts.kc)
      .watch(
        this.opts.path,
        query,
        (type, obj: T & { code?: number }) => {
          if (type === 'BOOKMARK') {
            this.resourceVersion = obj.metadata?.resourceVersion ?? this.resourceVersion;
            return;
          }
          if (type === 'ERROR') {
            restartWithList = true; // typically 410 Gone: our resourceVersion is too old
            this.controller?.abort();
            return;
          }
          const name = obj.metadata?.name ?? '';
          this.resourceVersion = obj.metadata?.resourceVersion ?? this.resourceVersion;
          if (type === 'DELETED') this.known.delete(name);
          else this.known.set(name, obj);
          this.opts.onEvent(type as WatchType, obj);
        },
        (err) => {
          if (this.stopped) return;
          if (err && !restartWithList) this.opts.onRetry?.(err);
          const again = async () => {
            try {
              if (restartWithList || err) await this.relist();
              await this.watch();
            } catch (e) {
              this.opts.onRetry?.(e);
              this.timer = setTimeout(again, this.opts.retryMs ?? 1000);
            }
          };
          // A watch that ends at once (an error, or a server closing it right away) must not spin.
          const quick = Date.now() - startedAt < 1000;
          this.timer = setTimeout(again, !restartWithList && (err || quick) ? (this.opts.retryMs ?? 1000) : 0);
        },
      )
      .catch((err: unknown) => {
        this.opts.onRetry?.(err);
        return undefined;
      });
  }
}
