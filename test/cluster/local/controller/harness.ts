import type { PodInfo } from '../../../../src/cluster/provider.ts';
import { LocalWorkload } from '../../../../src/cluster/providers/local/local-workload.ts';
import { LoopbackAllocator } from '../../../../src/cluster/providers/local/network/pod-address.ts';
import { NodeScheduler } from '../../../../src/cluster/providers/local/scheduler.ts';
import type { TimelineEvent } from '../../../../src/timeline/types.ts';
import { type FixtureOptions, fixtureScenario, recorder } from './fixtures.ts';
import { type StandInPod, type StandInTiming, standInSpawner } from './stand-in-pod.ts';

export interface Harness {
  workload: LocalWorkload;
  scheduler: NodeScheduler;
  events: TimelineEvent[];
  spawned: StandInPod[];
  /** Max non-terminating pods and min ready non-terminating pods seen since the last reset(). */
  extremes(): { maxPods: number; minReady: number };
  resetExtremes(): void;
  close(): Promise<void>;
}

/** A LocalWorkload on stand-in pods, sampling pod counts on every pod event and every 5 ms. */
export async function harness(o: FixtureOptions & { nodes?: number }, timing: StandInTiming): Promise<Harness> {
  const scheduler = new NodeScheduler(o.nodes ?? 2);
  const addresses = new LoopbackAllocator();
  const { events, timeline } = recorder();
  let maxPods = 0;
  let minReady = Infinity;
  let workload: LocalWorkload | undefined;
  const sample = (): void => {
    if (!workload) return;
    void workload.pods().then((pods: PodInfo[]) => {
      const live = pods.filter((p) => !p.terminating);
      maxPods = Math.max(maxPods, live.length);
      minReady = Math.min(minReady, live.filter((p) => p.ready).length);
    });
  };
  const { spawner, spawned } = standInSpawner(timing, sample);
  workload = await LocalWorkload.create({
    scenario: fixtureScenario(o),
    timeline,
    scheduler,
    addresses,
    workdir: '/nonexistent',
    pid1: false,
    delay: { addMs: 0, removeMs: 0 },
    spawner,
  });
  const poll = setInterval(sample, 5);
  return {
    workload,
    scheduler,
    events,
    spawned,
    extremes: () => ({ maxPods, minReady }),
    resetExtremes: () => {
      maxPods = 0;
      minReady = Infinity;
    },
    async close() {
      clearInterval(poll);
      await workload!.remove();
      addresses.release();
    },
  };
}
