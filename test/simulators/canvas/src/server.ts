import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate, tokenOf } from './auth';
import type { Router } from './http/router';
import { notFound, type AccountRequest, type ApiRequest, type ApiResponse } from './http/types';
import type { SigningKeys } from './live-events/sign';
import { errorsAttachment } from './sis-import/routes';
import type { RequestCounters } from './request-counters';
import type { RootAccountState } from './state/root-account-state';
import type { LeakyBucketThrottle } from './throttle';

export interface ServerDeps {
  accounts: Map<string, RootAccountState>;
  api: Router<AccountRequest>;
  admin: Router<ApiRequest>;
  keys: SigningKeys;
  throttle: LeakyBucketThrottle | null;
  counters: RequestCounters;
  /** Time each API request takes before it is answered (a hosted Canvas: ~150–250 ms); the throttle's up-front cost is held meanwhile. */
  latencyMs: () => number;
  baseUrl: () => string;
}

const MAX_BODY = 512 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, out: ApiResponse): void {
  const headers: Record<string, string> = { ...out.headers };
  let payload: string | Buffer = '';
  if (Buffer.isBuffer(out.body) || typeof out.body === 'string') {
    payload = out.body;
    headers['Content-Type'] = out.contentType ?? 'text/plain; charset=utf-8';
  } else if (out.body !== undefined) {
    payload = JSON.stringify(out.body);
    headers['Content-Type'] = out.contentType ?? 'application/json; charset=utf-8';
  }
  res.writeHead(out.status, headers);
  res.end(payload);
}

const HANG_POLL_MS = 50;

/** Holds a request while the account's `hang` fault matches it; false when the client gave up meanwhile. */
async function answersAfterHang(account: RootAccountState, req: ApiRequest): Promise<boolean> {
  const matches = () => {
    const hang = account.faults.hang;
    return !!hang && (!hang.pathIncludes || req.path.includes(hang.pathIncludes));
  };
  if (!matches()) return true;
  account.faults.hang!.held = (account.faults.hang!.held ?? 0) + 1;
  while (matches()) {
    if (req.clientGone?.()) return false;
    await new Promise((resolve) => setTimeout(resolve, HANG_POLL_MS));
  }
  return !req.clientGone?.();
}

const fmt = (n: number) => (Number.isInteger(n) ? n.toFixed(1) : String(Math.round(n * 10000) / 10000));

/** node:http request handler: admin and JWKS routes unauthenticated, /api behind auth, faults and throttle. */
export function createHandler(deps: ServerDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let gone = false;
    res.once('close', () => (gone = !res.writableEnded));
    try {
      const url = new URL(req.url ?? '/', 'http://sim.invalid');
      const base: ApiRequest = {
        method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers,
        body: await readBody(req), params: {}, baseUrl: deps.baseUrl(), clientGone: () => gone,
      };
      const out = await route(deps, base);
      if (!gone) send(res, out);
    } catch (err) {
      send(res, { status: 500, body: { errors: [{ message: `canvas simulator error: ${err instanceof Error ? err.message : String(err)}` }] } });
    }
  };
}

async function route(deps: ServerDeps, req: ApiRequest): Promise<ApiResponse> {
  if (req.path === '/live-events/jwks' && req.method === 'GET') return { status: 200, body: deps.keys.jwks() };
  const file = /^\/files\/sis_errors\/([^/]+)\/(\d+)\/download$/.exec(req.path);
  if (file) return errorsAttachment(deps.accounts.get(decodeURIComponent(file[1]))?.imports.get(Number(file[2])));
  if (req.path.startsWith('/__admin')) {
    const m = deps.admin.match(req.method, req.path);
    return m ? m.handler({ ...req, params: m.params }) : notFound();
  }
  const token = tokenOf(req.headers, req.query);
  const auth = authenticate(token, deps.accounts.values());
  if ('error' in auth) return auth.error;
  const account = auth.account;
  if (!(await answersAfterHang(account, req))) return { status: 499, body: 'client closed the request' }; // never sent
  const fault = account.faults.serverErrors;
  if (fault && fault.remaining > 0 && (!fault.pathIncludes || req.path.includes(fault.pathIncludes))) {
    fault.remaining--;
    return { status: fault.status, body: { errors: [{ message: 'An error occurred.' }] } };
  }
  const bucketKey = `token:${token}`;
  if (account.faults.throttleAlways || (deps.throttle && !deps.throttle.begin(bucketKey))) {
    deps.counters.throttled(account.key);
    return { status: 403, body: '403 Forbidden (Rate Limit Exceeded)', headers: { 'X-Rate-Limit-Remaining': '0.0' } };
  }
  const latency = deps.latencyMs();
  if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
  const m = deps.api.match(req.method, req.path);
  deps.counters.called(account.key, m ? `${req.method} ${m.pattern}` : `${req.method} (no route)`);
  const out = m ? await m.handler({ ...req, params: m.params, account }) : notFound();
  if (deps.throttle) {
    const { remaining, cost } = deps.throttle.end(bucketKey);
    out.headers = { ...out.headers, 'X-Request-Cost': fmt(cost), 'X-Rate-Limit-Remaining': fmt(remaining) };
  }
  const lost = account.faults.lostResponses;
  if (lost && lost.remaining > 0 && (!lost.method || lost.method === req.method) && (!lost.pathIncludes || req.path.includes(lost.pathIncludes))) {
    lost.remaining--;
    return { status: 502, body: '502 Bad Gateway' };
  }
  return out;
}
