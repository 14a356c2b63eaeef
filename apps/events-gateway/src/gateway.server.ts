import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { redactDeliveryPath } from '@rp/canvas';
import type { ReadinessReport } from '@rp/observability';
import { type AcceptedEvent, IntakeRefusal, type IntakeOutcome } from './live-event.intake';

export interface GatewayServerOptions {
  host: string;
  port: number;
  maxBodyBytes: number;
  accept: (contentType: string | undefined, body: Buffer) => Promise<AcceptedEvent>;
  /** A delivery to an unsigned delivery URL (`/live-events/<secret>`): authenticated by the secret, never logged. */
  acceptUnsigned: (secret: string, contentType: string | undefined, body: Buffer) => Promise<AcceptedEvent>;
  /** Resolves once Kafka acknowledged the record (acks=all). */
  publish: (event: AcceptedEvent) => Promise<void>;
  /** Deliveries seen before: an event is published once, a repeat is acknowledged and dropped. */
  deliveries: DeliveryLog;
  /** Health and readiness on this port; absent when they are served on the admin port (then 404 here). */
  readiness?: () => Promise<ReadinessReport>;
  metrics?: (req: IncomingMessage, res: ServerResponse) => void;
  count: (outcome: IntakeOutcome | 'too-large', tenant?: string) => void;
  log: (level: 'info' | 'warn', message: string, fields: Record<string, unknown>) => void;
}

/** The events already published, by identity (see AcceptedEvent.identity and ADR 0030). */
export interface DeliveryLog {
  /** Records the event as seen; false when it was seen before (then it must not be published again). */
  claim(tenant: string, identity: string): Promise<boolean>;
  /** Forgets a claim whose publish failed, so Canvas's retry of it is published. */
  release(tenant: string, identity: string): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

class TooLarge extends Error {}

/** Reads a body up to `max` bytes; a larger one (declared or streamed) rejects without buffering the rest. */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > max) return reject(new TooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.resume();
        reject(new TooLarge());
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The gateway's one HTTP server: `POST /live-events` (Canvas's webhook, signed), `POST /live-events/<secret>` (a
 * tenant's delivery URL, signed or not), `/healthz`, `/readyz`, `/metrics`.
 * A 202 is sent only after Kafka acknowledged the record; a refusal publishes nothing.
 */
export class GatewayServer {
  private server?: Server;

  constructor(private readonly options: GatewayServerOptions) {}

  async start(): Promise<number> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0].replace(/\/+$/, '') || '/';
    const secret = /^\/live-events\/([^/]+)$/.exec(path)?.[1];
    try {
      if (path === '/live-events' || secret !== undefined) {
        if (req.method !== 'POST') return json(res, 405, { error: 'method not allowed', message: 'POST Live Events to /live-events' });
        return await this.liveEvent(req, res, secret);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'method not allowed' });
      const { readiness } = this.options;
      if (path === '/healthz' && readiness) return json(res, 200, { status: 'ok' });
      if (path === '/readyz' && readiness) {
        const report = await readiness();
        return json(res, report.ready ? 200 : 503, { status: report.ready ? 'ready' : 'not ready', checks: report.checks });
      }
      if (path === '/metrics' && this.options.metrics) return this.options.metrics(req, res);
      return json(res, 404, { error: 'not found' });
    } catch (error) {
      this.options.log('warn', 'request failed', { path: redactDeliveryPath(path), err: error });
      return json(res, 500, { error: 'internal error', message: 'the request could not be handled; retry later' });
    }
  }

  private async liveEvent(req: IncomingMessage, res: ServerResponse, secret: string | undefined): Promise<void> {
    let body: Buffer;
    try {
      body = await readBody(req, this.options.maxBodyBytes);
    } catch (error) {
      if (!(error instanceof TooLarge)) throw error;
      this.options.count('too-large');
      res.setHeader('connection', 'close');
      return json(res, 413, { error: 'payload too large', message: `Live Event bodies are limited to ${this.options.maxBodyBytes} bytes (GATEWAY_MAX_BODY_BYTES)` });
    }
    let event: AcceptedEvent;
    try {
      const type = req.headers['content-type'];
      event = await (secret === undefined ? this.options.accept(type, body) : this.options.acceptUnsigned(secret, type, body));
    } catch (error) {
      if (!(error instanceof IntakeRefusal)) throw error;
      this.options.count(error.outcome, error.tenant);
      this.options.log('warn', 'live event refused', { tenant: error.tenant, status: error.status, outcome: error.outcome, reason: error.detail });
      return json(res, error.status, { error: error.outcome, message: error.message });
    }
    const { tenant, identity } = event;
    if (!(await this.options.deliveries.claim(tenant, identity))) {
      this.options.count('duplicate', tenant);
      this.options.log('info', 'live event seen before; acknowledged, not published again', { tenant, eventName: event.record.eventName, eventId: event.record.eventId });
      return json(res, 200, { status: 'duplicate', eventName: event.record.eventName, eventId: event.record.eventId });
    }
    try {
      await this.options.publish(event);
    } catch (error) {
      await this.options.deliveries.release(tenant, identity).catch((err: unknown) => this.options.log('warn', 'releasing a delivery claim failed', { tenant, err }));
      this.options.count('unavailable', tenant);
      this.options.log('warn', 'live event not published', { tenant, eventName: event.record.eventName, err: error });
      return json(res, 503, { error: 'unavailable', message: 'the event could not be stored; retry later' });
    }
    this.options.count('accepted', tenant);
    return json(res, 202, { status: 'accepted', eventName: event.record.eventName, eventId: event.record.eventId });
  }
}
