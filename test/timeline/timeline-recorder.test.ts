import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTimeline, TimelineRecorder } from '../../src/timeline/timeline-recorder.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zd-tl-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('TimelineRecorder', () => {
  it('stamps, keeps in memory and appends NDJSON', async () => {
    const path = join(dir, 'timeline.ndjson');
    const rec = new TimelineRecorder(path);
    const before = Date.now();
    rec.emit({ kind: 'phase', detail: 'baseline' });
    rec.emit({ kind: 'pod-deleted', pod: 'web-1', t: 42 });
    await new Promise((r) => setTimeout(r, 30));
    expect((await readFile(path, 'utf8')).trim().split('\n')).toHaveLength(2);
    await rec.close();
    const mem = rec.events();
    expect(mem[0].t).toBeGreaterThanOrEqual(before);
    expect(mem[1]).toEqual({ kind: 'pod-deleted', pod: 'web-1', t: 42 });
    const back = await readTimeline(path);
    expect(back.map((e) => e.kind)).toEqual(['pod-deleted', 'phase']);
    await appendFile(path, '{"t":5,"kind":"sig');
    expect(await readTimeline(path)).toHaveLength(2);
    await rec.close();
  });
});
