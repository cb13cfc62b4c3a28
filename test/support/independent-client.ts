import http from 'node:http';

/** One request of the independent client: start and end (epoch ms) and its status or error code. */
export interface Sample {
  t: number;
  end: number;
  code: number | string;
}

/**
 * A client that shares no code with zerodrop's load engine, to check its figures against:
 * plain node:http, a new connection per request (agent: false), one request every 1000/rate ms
 * whether or not the previous one has been answered. A request without an answer after
 * timeoutMs is ECONNTIMEOUT when the connect never completed, else ETIMEDOUT.
 */
export function startIndependentClient(target: { host: string; port: number }, rate: number, timeoutMs = 2000) {
  const samples: Sample[] = [];
  const inflight = new Set<Promise<void>>();
  const one = () =>
    new Promise<void>((resolve) => {
      const t = Date.now();
      let connected = false;
      let finished = false;
      const done = (code: number | string) => {
        if (finished) return;
        finished = true;
        samples.push({ t, end: Date.now(), code });
        resolve();
      };
      const req = http.get({ host: target.host, port: target.port, path: '/', agent: false }, (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? 0));
        res.on('error', (e: NodeJS.ErrnoException) => done(e.code ?? 'ERROR'));
      });
      req.on('socket', (s) =>
        s.once('connect', () => {
          connected = true;
        }),
      );
      const timer = setTimeout(
        () => req.destroy(Object.assign(new Error('timeout'), { code: connected ? 'ETIMEDOUT' : 'ECONNTIMEOUT' })),
        timeoutMs,
      );
      req.on('close', () => clearTimeout(timer));
      req.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        done(e.code ?? 'ERROR');
      });
    });
  const timer = setInterval(() => {
    const p = one();
    inflight.add(p);
    void p.then(() => inflight.delete(p));
  }, 1000 / rate);
  return {
    samples,
    async stop(): Promise<Sample[]> {
      clearInterval(timer);
      await Promise.all([...inflight]);
      return samples;
    },
  };
}
