import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { describeStuckPods, podReason } from '../../../src/cluster/kube/stuck-pods.ts';

const pod = (name: string, status: V1Pod['status'], deleting = false): V1Pod =>
  ({ metadata: { name, ...(deleting ? { deletionTimestamp: new Date() } : {}) }, status }) as V1Pod;

describe('stuck pod reasons', () => {
  it('names waiting containers and restarts', () => {
    const p = pod('a', {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'app',
          image: 'i',
          imageID: '',
          ready: false,
          restartCount: 3,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } },
        },
      ],
    });
    expect(podReason(p)).toBe('app CrashLoopBackOff: back-off 40s; 3 restarts');
  });

  it('names failed conditions once, and adds the newest warning event when it says more', () => {
    const p = pod('b', {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/2 nodes are available' }],
    });
    const ev = (reason: string, message: string, at: string): CoreV1Event =>
      ({ type: 'Warning', reason, message, involvedObject: { name: 'b' }, lastTimestamp: new Date(at), metadata: {} }) as CoreV1Event;
    expect(podReason(p, [ev('FailedScheduling', '0/2 nodes are available', '2026-01-01T00:00:02Z')])).toBe(
      'PodScheduled=False Unschedulable: 0/2 nodes are available',
    );
    expect(
      podReason(p, [ev('Old', 'old news', '2026-01-01T00:00:01Z'), ev('FailedMount', 'no volume\nhere', '2026-01-01T00:00:03Z')]),
    ).toBe('PodScheduled=False Unschedulable: 0/2 nodes are available; event FailedMount: no volume here');
  });

  it('lists only pods that are not ready or are terminating, on one line', () => {
    const ready = pod('ok', { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] });
    const gone = pod('bye', { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] }, true);
    const line = describeStuckPods([ready, gone, pod('new', { phase: 'Pending' })]);
    expect(line).toBe('bye (terminating; Running), new (Pending)');
  });
});
