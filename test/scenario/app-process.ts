import { type ChildProcess, spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

export const SERVER = fileURLToPath(new URL('../../scenarios/_app/server.ts', import.meta.url));

export interface AppProcess {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Start scenarios/_app/server.ts on Node 24 (process.execPath) on 127.0.0.1, port 0; resolves once it listens. */
export async function startApp(env: Record<string, string>): Promise<AppProcess> {
  const child = spawn(process.execPath, [SERVER], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', POD_NAME: 'pod-a', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not listen: ${out}`)), 10_000);
    const check = () => {
      const m = /listening on [\d.]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited: ${out}`));
    });
  });
  return { child, port, output: () => out, exited };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * One HTTP/1.1 connection driven by hand, so a test controls exactly which request goes on which
 * connection and sees the server's Connection header and FIN as they are.
 */
export class RawConnection {
  readonly socket: Socket;
  readonly ended: Promise<void>;
  private buf = '';
  private waiter: (() => void) | undefined;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      this.buf += d;
      this.waiter?.();
    });
    this.ended = new Promise((resolve) =>
      socket.on('close', () => {
        resolve();
        this.waiter?.();
      }),
    );
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => resolve(new RawConnection(s)));
      s.once('error', reject);
    });
  }

  /** Send GET `path`, resolve with the full response; rejects if the connection closes first. */
  async get(path = '/'): Promise<RawResponse> {
    this.socket.write(`GET ${path} HTTP/1.1\r\nHost: test\r\n\r\n`);
    for (;;) {
      const res = this.take();
      if (res) return res;
      if (this.socket.destroyed || this.socket.readableEnded) throw new Error('connection closed before a response');
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private take(): RawResponse | undefined {
    const head = this.buf.indexOf('\r\n\r\n');
    if (head === -1) return undefined;
    const lines = this.buf.slice(0, head).split('\r\n');
    const headers: Record<string, string> = {};
    for (const l of lines.slice(1)) {
      const i = l.indexOf(':');
      headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
    }
    const len = Number(headers['content-length'] ?? 0);
    if (this.buf.length < head + 4 + len) return undefined;
    const body = this.buf.slice(head + 4, head + 4 + len);
    this.buf = this.buf.slice(head + 4 + len);
    return { status: Number(lines[0].split(' ')[1]), headers, body };
  }
}

/** Try to open a new TCP connection; resolves with the error code, or 'connected'. */
export function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
