import { expect, type Page } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Absolute path of a fixture folder, as the Go side will read it. */
export function fixture(name: string): string {
  return path.join(here, 'fixtures', name);
}

/** Opens the app and waits until the profile is open and the library shows. */
export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('sidebar')).toBeVisible({ timeout: 30_000 });
}

type ImportReport = {
  packs: { packId: string; added: number; updated: number; unchanged: number; removed: number }[];
  failed: { path: string; code: string; error: string }[];
};

/**
 * Imports paths through the real bound Go method, exactly what the UI calls
 * after its native file dialog or a drop (neither can be driven from a
 * browser); the UI learns of it through the library:changed event.
 */
export async function importPaths(page: Page, paths: string[]): Promise<ImportReport> {
  return page.evaluate(
    (p) => (window as any).go.app.ImportService.Import(p) as Promise<ImportReport>,
    paths,
  );
}

// --- A real inflow-server: built from cmd/inflow-server, with one user,
// serving plain HTTP on 127.0.0.1 (the app allows plain http only to this
// machine).

const root = path.resolve(here, '../..');

/** A free TCP port on 127.0.0.1. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

interface ServerEvent {
  id: string;
  type: string;
  subject: string;
  device: string;
}

/** A running inflow-server with one user, for the sync tests. */
export class InflowServer {
  #proc: ChildProcess | null = null;
  #log = '';

  private constructor(
    readonly bin: string,
    readonly data: string,
    readonly port: number,
    readonly user: string,
    readonly password: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Builds the server, adds the user and starts serving. */
  static async start(o: { user: string; password: string }): Promise<InflowServer> {
    const work = process.env.INFLOW_E2E_WORK ?? mkdtempSync(path.join(os.tmpdir(), 'inflow-e2e-'));
    const dir = path.join(work, 'sync-server');
    mkdirSync(dir, { recursive: true });
    const bin = path.join(dir, 'inflow-server');
    execFileSync('go', ['build', '-o', bin, './cmd/inflow-server'], { cwd: root, stdio: 'inherit' });
    const data = path.join(dir, 'data');
    execFileSync(bin, ['--data', data, 'user', 'add', o.user, '--password-stdin'], { input: `${o.password}\n` });
    const s = new InflowServer(bin, data, await freePort(), o.user, o.password);
    await s.restart();
    return s;
  }

  /** Starts serving (again, on the same port and data) and waits until it answers. */
  async restart(): Promise<void> {
    const proc = spawn(this.bin, ['serve', '--data', this.data, '--addr', `127.0.0.1:${this.port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout?.on('data', (b) => (this.#log += b));
    proc.stderr?.on('data', (b) => (this.#log += b));
    this.#proc = proc;
    for (let i = 0; i < 200; i++) {
      if (proc.exitCode !== null) throw new Error(`inflow-server exited: ${this.#log}`);
      try {
        await fetch(`${this.url}/api/v1/events`);
        return; // any answer (401) means it serves
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`inflow-server did not start: ${this.#log}`);
  }

  /** Runs an inflow-server command on its data (stop it first: the data is locked while it serves). */
  run(args: string[], input?: string): string {
    return execFileSync(this.bin, ['--data', this.data, ...args], { input, encoding: 'utf8' });
  }

  /** Stops it (SIGTERM: a clean shutdown) and waits for the exit. */
  async stop(): Promise<void> {
    const proc = this.#proc;
    this.#proc = null;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
  }

  /** Every event the user's devices pushed, read as another device would. */
  async events(): Promise<ServerEvent[]> {
    const signIn = await fetch(`${this.url}/api/v1/signin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: this.user, password: this.password, deviceId: 'e2e-check', deviceName: 'e2e check' }),
    });
    if (!signIn.ok) throw new Error(`sign in: HTTP ${signIn.status}`);
    const { token } = (await signIn.json()) as { token: string };
    const out: ServerEvent[] = [];
    let cursor = '';
    for (;;) {
      const r = await fetch(`${this.url}/api/v1/events?after=${encodeURIComponent(cursor)}&limit=500`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (!r.ok) throw new Error(`pull: HTTP ${r.status}`);
      const page = (await r.json()) as { events: ServerEvent[] | null; cursor: string; more: boolean };
      out.push(...(page.events ?? []));
      cursor = page.cursor;
      if (!page.more) return out;
    }
  }
}

/**
 * A TCP proxy on 127.0.0.1 in front of a server that slows what the server
 * sends to bytesPerSecond and, once, cuts every connection when dropAt
 * bytes have gone through in all: a slow link that fails midway.
 */
export class ThrottleProxy {
  readonly #server: net.Server;
  #sockets = new Set<net.Socket>();
  /** Bytes sent from the server to the app so far. */
  sent = 0;
  /** How many times the connections were cut. */
  drops = 0;
  /** Cut every connection once when sent reaches this. */
  dropAt = Infinity;

  private constructor(
    server: net.Server,
    readonly port: number,
  ) {
    this.#server = server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(o: { target: number; bytesPerSecond: number }): Promise<ThrottleProxy> {
    let proxy!: ThrottleProxy;
    const server = net.createServer((client) => {
      const upstream = net.connect(o.target, '127.0.0.1');
      proxy.#sockets.add(client).add(upstream);
      const close = () => {
        client.destroy();
        upstream.destroy();
        proxy.#sockets.delete(client);
        proxy.#sockets.delete(upstream);
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
      client.pipe(upstream);
      upstream.on('data', (chunk: Buffer) => {
        upstream.pause();
        const send = (rest: Buffer) => {
          if (client.destroyed) return;
          const part = rest.subarray(0, 16 * 1024);
          client.write(part);
          proxy.sent += part.length;
          if (!proxy.drops && proxy.sent >= proxy.dropAt) {
            proxy.drops++;
            for (const s of [...proxy.#sockets]) s.destroy();
            proxy.#sockets.clear();
            return;
          }
          const wait = (part.length / o.bytesPerSecond) * 1000;
          const next = rest.subarray(part.length);
          setTimeout(() => (next.length ? send(next) : upstream.resume()), wait);
        };
        send(chunk);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new ThrottleProxy(server, (server.address() as net.AddressInfo).port);
    return proxy;
  }

  async stop(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise((r) => this.#server.close(r));
  }
}
