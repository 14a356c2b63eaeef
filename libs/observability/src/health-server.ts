import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A readiness check: resolves when the dependency is usable, throws (with a reason) when not. It may resolve with a
 * detail to show while ready (e.g. a tenant whose work waits for its IC: the pod is fine, one dependency is not).
 */
export type ReadinessCheck = () => Promise<void | string> | void | string;

/** Serves Prometheus text for `/metrics`. */
export type MetricsHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface HealthServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port: number;
  checks?: Record<string, ReadinessCheck>;
  metrics?: MetricsHandler;
  /** A check slower than this counts as failed. */
  checkTimeoutMs?: number;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; error?: string; detail?: string }>;
}

/** `/healthz` (process alive), `/readyz` (every registered check passes) and `/metrics` on one small HTTP server. */
export class HealthServer {
  private readonly checks = new Map<string, ReadinessCheck>();
  private server?: Server;
  private shuttingDown = false;

  constructor(private readonly options: HealthServerOptions) {
    for (const [name, check] of Object.entries(options.checks ?? {})) this.checks.set(name, check);
  }

  /** Registers (or replaces) a readiness check, e.g. `kafka`, `database`. */
  addCheck(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /** Makes `/readyz` answer 503 from now on, so the load balancer stops routing while we drain. */
  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  /** Runs all checks in parallel. */
  async readiness(): Promise<ReadinessReport> {
    const timeoutMs = this.options.checkTimeoutMs ?? 2000;
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          const detail = await Promise.race([
            Promise.resolve().then(check),
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
            }),
          ]);
          return [name, detail ? { ok: true, detail } : { ok: true }] as const;
        } catch (error) {
          return [name, { ok: false, error: (error as Error).message }] as const;
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const checks: ReadinessReport['checks'] = Object.fromEntries(entries);
    if (this.shuttingDown) checks.shutdown = { ok: false, error: 'shutting down' };
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  }

  /** Starts listening; resolves with the bound port. */
  async start(): Promise<number> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host ?? '127.0.0.1', () => resolve());
    });
    return this.port;
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method not allowed' });
    if (path === '/healthz') return send(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      const report = await this.readiness();
      return send(res, report.ready ? 200 : 503, { status: report.ready ? 'ready' : 'not ready', checks: report.checks });
    }
    if (path === '/metrics' && this.options.metrics) return this.options.metrics(req, res);
    return send(res, 404, { error: 'not found' });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
