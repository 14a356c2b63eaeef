import { ALL_SCOPES } from '../options';
import type { OneRosterSimulator } from '../simulator';

export interface SimResponse {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

/** A tiny HTTP client for the simulator's tests (the product's client lives in libs/oneroster). */
export class SimClient {
  token = '';

  constructor(readonly sim: OneRosterSimulator, readonly clientId = 'rp-client', readonly clientSecret = 'rp-secret') {}

  async authenticate(scopes: string[] = ALL_SCOPES): Promise<SimResponse> {
    const res = await send(this.sim.tokenUrl, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: scopes.join(' ') }).toString(),
    });
    if (res.status === 200) this.token = res.body.access_token;
    return res;
  }

  roster(path: string): Promise<SimResponse> {
    return send(this.sim.rosteringUrl + path, { headers: { authorization: `Bearer ${this.token}` } });
  }

  gradebook(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<SimResponse> {
    return send(this.sim.gradebookUrl + path, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`, 'x-vendor-authorization': this.sim.vendorAuthorization ?? '',
        'content-type': 'application/json', ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  admin(method: string, path: string, body?: unknown): Promise<SimResponse> {
    return send(`${this.sim.baseUrl}/__admin${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  }
}

export async function send(url: string, init: RequestInit = {}): Promise<SimResponse> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}
