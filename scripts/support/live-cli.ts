import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/zerodrop.js', import.meta.url));

/** A port nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
  });
}

export interface LiveCli {
  /** The live view's URL, from the first line of stderr. */
  url: Promise<string>;
  exit: Promise<number | null>;
  running(): boolean;
  stdout(): string;
  stderr(): string;
}

/** Starts the zerodrop CLI with `args` (which hold --live); killed after `timeoutMs`. */
export function startLiveCli(args: string[], timeoutMs: number): LiveCli {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let running = true;
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exit = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      running = false;
      clearTimeout(timer);
      resolve(code);
    }),
  );
  const url = new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (d) => {
      err += d;
      const first = err.split('\n')[0];
      const m = /^zerodrop: live view at (http:\/\/\S+\/) /.exec(first);
      if (m) resolve(m[1]);
      else if (err.includes('\n')) reject(new Error(`first line is not the live view's URL: ${first}`));
    });
    void exit.then(() => reject(new Error(`zerodrop exited before printing the URL: ${err}`)));
  });
  child.stdout.on('data', (d) => {
    out += d;
  });
  return { url, exit, running: () => running, stdout: () => out, stderr: () => err };
}
