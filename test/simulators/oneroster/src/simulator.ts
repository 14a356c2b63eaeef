import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimClock, SimulatorAdmin } from './admin';
import { handleAdmin } from './admin.routes';
import { ApiContext, ApiResponse } from './api-context';
import { clientCredentials, OAuthError, TokenService } from './auth';
import { ClientConcurrency } from './client-concurrency';
import { Faults } from './faults';
import { GradebookStore } from './gradebook-store';
import { handleGradebook } from './gradebook.routes';
import { ImsxError, imsxBody, notFound } from './imsx';
import {
  DEFAULT_APP_NAME, DEFAULT_CLIENT, DEFAULT_VENDOR_AUTHORIZATION, OneRosterSimulatorOptions, QuirkSwitches,
} from './options';
import { linkHeader } from './paging';
import { htmlThrottlePage, isNestedPath, ProviderControls, ProviderProfile, providerProfile } from './profile';
import { RosterStore } from './roster-store';
import { handleRostering } from './rostering.routes';

export interface OneRosterSimulator {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** Token URL including IC's `?appName=` (when required); the minimal profile's redirects to `issuerTokenUrl`. */
  tokenUrl: string;
  /** Where tokens are really issued: another origin when the profile redirects the token URL, else `tokenUrl`. */
  issuerTokenUrl: string;
  rosteringUrl: string;
  gradebookUrl: string;
  /** `key:secret` expected in `x-vendor-authorization` on gradebook calls (undefined when not required). */
  vendorAuthorization?: string;
  admin: SimulatorAdmin;
  /** The provider profile in force and its run-time switches (profile.ts). */
  profile: ProviderProfile;
  provider: ProviderControls;
  close(): Promise<void>;
}

const SERVICE_PATH = /^\/campus\/api\/(?:ims\/oneroster|oneroster\/v1p2\/([^/]+)\/ims\/oneroster)\/(rostering|gradebook)\/v1p2(\/.*)?$/;

/** Starts an Infinite Campus–like OneRoster 1.2 provider on 127.0.0.1 (port 0 = ephemeral). */
export async function startOneRosterSimulator(options: OneRosterSimulatorOptions = {}): Promise<OneRosterSimulator> {
  const clock = new SimClock(options.now ?? (() => new Date()));
  const profile = providerProfile(options.profile);
  const provider = new ProviderControls();
  const appName = options.appName === undefined ? (profile.appNameRequired ? DEFAULT_APP_NAME : false) : options.appName;
  const vendor = options.vendorAuthorization === undefined ? DEFAULT_VENDOR_AUTHORIZATION : options.vendorAuthorization;
  const quirks: QuirkSwitches = { ...options.quirks };
  const store = new RosterStore(options.district);
  const gradebook = new GradebookStore();
  gradebook.reset(options.district?.categories ?? []);
  const tokens = new TokenService(options.clients ?? [DEFAULT_CLIENT], options.tokenTtlSeconds ?? 3600, clock.now);
  const faults = new Faults();
  faults.set(options.faults ?? {});
  const concurrency = new ClientConcurrency(options.concurrencyLimit);
  const admin = new SimulatorAdmin(store, gradebook, tokens, faults, quirks, clock, concurrency);

  const listen = async (port: number, asIssuer: boolean) => {
    const server = createServer((req, res) => {
      handle(req, res, asIssuer).catch((e) => sendJson(res, 500, imsxBody('internal_server_error', String(e))));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject); // e.g. EADDRINUSE: the caller gets the error instead of a crash
      server.listen(port, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return { server, baseUrl: `http://${options.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}` };
  };
  const { server, baseUrl } = await listen(options.port ?? 0, false);
  // The minimal profile's token URL redirects to an issuer on another origin (another port of this process).
  const issuer = profile.tokenRedirect ? await listen(0, true) : undefined;
  const servicePrefix = options.urlStyle === 'app-path' && appName ? `/campus/api/oneroster/v1p2/${appName}/ims/oneroster` : '/campus/api/ims/oneroster';
  const rosteringUrl = `${baseUrl}${servicePrefix}/rostering/v1p2`;
  const gradebookUrl = `${baseUrl}${servicePrefix}/gradebook/v1p2`;
  const ctx: ApiContext = {
    store, gradebook, tokens, pageSizeCap: options.pageSizeCap ?? profile.pageSizeCap, now: clock.now,
    canonical: { rosteringUrl, gradebookUrl, quirks: {} },
    presented: profile.relativeHrefs ? { rosteringUrl: '', gradebookUrl: '', quirks } : { rosteringUrl, gradebookUrl, quirks },
  };

  async function handle(req: IncomingMessage, res: ServerResponse, asIssuer: boolean): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const raw = await readBody(req);
    const method = req.method ?? 'GET';
    const respond = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      admin.logRequest({ at: clock.now().toISOString(), method, path: url.pathname, query: url.search, status });
      sendJson(res, status, body, headers, (text) => (url.pathname.startsWith('/__admin') ? text : faults.mangle(text)));
    };
    if (url.pathname.startsWith('/__admin')) {
      try {
        const out = handleAdmin(admin, method, url.pathname.slice('/__admin'.length), parseJson(raw));
        return respond(out.status, out.body);
      } catch (e) {
        return respond(400, { error: (e as Error).message });
      }
    }
    if (url.pathname === '/campus/oauth2/token') {
      if (issuer && !asIssuer) return respond(307, {}, { Location: `${issuer.baseUrl}${url.pathname}${url.search}` });
      return token(url, req, raw, respond);
    }
    const m = asIssuer ? null : SERVICE_PATH.exec(url.pathname);
    if (!m) return respond(404, imsxBody('unknownobject', `no OneRoster service at ${url.pathname}`));
    let leave = () => {};
    try {
      const client = tokens.clientOf(req.headers.authorization);
      if (client) leave = concurrency.enter(client); // unknown tokens are refused by authorize below
      await faults.delay();
      faults.beforeApi();
      const service = m[2];
      if (service === 'gradebook' && vendor && req.headers['x-vendor-authorization'] !== vendor) {
        throw new ImsxError(401, 'unauthorisedrequest', 'x-vendor-authorization header missing or wrong (Campus grade book access needs the vendor key:secret)');
      }
      const apiReq = { method, url, path: m[3] ?? '/', headers: req.headers, body: parseJson(raw) };
      if (service === 'rostering' && !profile.nestedEndpoints && isNestedPath(apiReq.path)) throw notFound(`${method} ${apiReq.path}`);
      const out = service === 'rostering' ? handleRostering(ctx, apiReq) : handleGradebook(ctx, apiReq);
      if (out.collection && provider.cutsOff(apiReq.path, out.collection.offset)) (out.body as Record<string, unknown[]>)[out.collection.key] = [];
      respond(out.status, out.body, { ...out.headers, ...collectionHeaders(url, out) });
    } catch (e) {
      if (e instanceof ImsxError && e.status === 429 && profile.htmlThrottle) {
        admin.logRequest({ at: clock.now().toISOString(), method, path: url.pathname, query: url.search, status: 429 });
        return sendText(res, 429, htmlThrottlePage(), { 'Content-Type': 'text/html; charset=utf-8', ...e.headers });
      }
      if (e instanceof ImsxError) return respond(e.status, imsxBody(e.codeMinor, e.message), e.headers);
      respond(500, imsxBody('internal_server_error', (e as Error).message));
    } finally {
      leave();
    }
  }

  function collectionHeaders(url: URL, out: ApiResponse): Record<string, string> {
    if (!out.collection) return {};
    const { reportedTotal } = faults.afterCollection(out);
    const { total, limit, offset } = out.collection;
    if (!profile.pagingHeaders) return {};
    const publicUrl = new URL(url.pathname + url.search, baseUrl);
    return { 'X-Total-Count': String(reportedTotal), Link: linkHeader(publicUrl, { limit, offset }, total) };
  }

  function token(url: URL, req: IncomingMessage, raw: string, respond: (s: number, b: unknown, h?: Record<string, string>) => void): void {
    const noStore = { 'Cache-Control': 'no-store' };
    if (faults.tokenError()) return respond(500, { error: 'server_error', error_description: 'simulated token failure' });
    if (req.method !== 'POST') return respond(405, { error: 'invalid_request', error_description: 'use POST' });
    if (appName && url.searchParams.get('appName') !== appName) {
      return respond(400, { error: 'invalid_request', error_description: 'No Campus Application selected' });
    }
    const form = new URLSearchParams(raw);
    if (form.get('grant_type') !== 'client_credentials') {
      return respond(400, { error: 'unsupported_grant_type', error_description: 'only client_credentials is supported' });
    }
    try {
      const [id, secret] = clientCredentials(req.headers.authorization, form);
      respond(200, tokens.issue(id, secret, form.get('scope')), noStore);
    } catch (e) {
      if (!(e instanceof OAuthError)) throw e;
      respond(e.status, { error: e.error, error_description: e.message }, e.status === 401 ? { 'WWW-Authenticate': 'Basic realm="campus"' } : {});
    }
  }

  const tokenPath = `/campus/oauth2/token${appName ? `?appName=${encodeURIComponent(appName)}` : ''}`;
  const closeServer = (s: typeof server) => new Promise<void>((resolve, reject) => {
    s.closeAllConnections();
    s.close((e) => (e ? reject(e) : resolve()));
  });
  return {
    baseUrl, rosteringUrl, gradebookUrl, admin, profile, provider, vendorAuthorization: vendor || undefined,
    tokenUrl: `${baseUrl}${tokenPath}`,
    issuerTokenUrl: `${issuer?.baseUrl ?? baseUrl}${tokenPath}`,
    close: async () => {
      await Promise.all([closeServer(server), ...(issuer ? [closeServer(issuer.server)] : [])]);
    },
  };
}

function parseJson(raw: string): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string>): void {
  res.writeHead(status, { 'Content-Length': Buffer.byteLength(text), ...headers }).end(text);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, mangle = (t: string) => t): void {
  if (status === 204) {
    res.writeHead(204, headers).end();
    return;
  }
  const text = mangle(JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers }).end(text);
}
