import { ClockPort, FetchPort, HttpRequestInit, HttpResponseLike } from './ports';

/** Test double of a OneRoster provider behind a FetchPort (unit tests only). */
export type Fault =
  | { status: number; headers?: Record<string, string>; body?: string }
  | { timeout: true }
  | { truncateTo: number }
  | { malformed: true };

export interface FakeProviderOptions {
  collections: Record<string, Record<string, unknown>[]>;
  /** Body key per path, default = last path segment. */
  keys?: Record<string, string>;
  tokenLifetimeSeconds?: number;
  linkHeaders?: boolean;
  totalHeader?: boolean;
  /** Max records per page the provider returns regardless of limit. */
  clampLimit?: number;
}

export class FakeClock implements ClockPort {
  sleeps: number[] = [];
  constructor(public time = Date.parse('2024-09-02T12:00:00Z')) {}
  now = () => this.time;
  sleep = async (ms: number) => {
    this.sleeps.push(ms);
    this.time += ms;
  };
}

export class FakeProvider {
  readonly calls: { method: string; url: string; headers: Record<string, string>; body?: string }[] = [];
  readonly faults: { match: RegExp; fault: Fault }[] = [];
  tokensIssued = 0;
  private validTokens = new Map<string, number>();

  constructor(
    private readonly options: FakeProviderOptions,
    private readonly clock: ClockPort,
  ) {}

  /** Queues a fault for the next request whose URL matches. */
  inject(match: RegExp, fault: Fault, times = 1): this {
    for (let i = 0; i < times; i++) this.faults.push({ match, fault });
    return this;
  }

  revokeTokens(): void {
    this.validTokens.clear();
  }

  fetch: FetchPort = async (url: string, init: HttpRequestInit): Promise<HttpResponseLike> => {
    this.calls.push({ method: init.method, url, headers: init.headers, body: init.body });
    if (url.includes('/token')) return this.issueToken();
    const token = init.headers.authorization?.replace(/^Bearer /, '') ?? '';
    const expiry = this.validTokens.get(token);
    if (expiry === undefined || expiry <= this.clock.now()) return respond(401, { imsx_codeMajor: 'failure' });
    const index = this.faults.findIndex((f) => f.match.test(url));
    let truncateTo: number | undefined;
    if (index >= 0) {
      const [{ fault }] = this.faults.splice(index, 1);
      if ('timeout' in fault) throw Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
      if ('status' in fault) return { status: fault.status, headers: new Headers(fault.headers), text: async () => fault.body ?? '' };
      if ('malformed' in fault) return { status: 200, headers: new Headers(), text: async () => '{"users": [{"sourcedId' };
      truncateTo = fault.truncateTo;
    }
    return this.page(new URL(url), truncateTo);
  };

  private issueToken(): HttpResponseLike {
    const token = `token-${++this.tokensIssued}`;
    const lifetime = this.options.tokenLifetimeSeconds ?? 3600;
    this.validTokens.set(token, this.clock.now() + lifetime * 1000);
    return respond(200, { access_token: token, token_type: 'Bearer', expires_in: lifetime });
  }

  private page(url: URL, truncateTo?: number): HttpResponseLike {
    const path = url.pathname.replace(/^.*\/v1p2/, '');
    const all = this.options.collections[path];
    const parent = path.slice(0, path.lastIndexOf('/'));
    const single = !all && this.options.collections[parent]?.find((r) => r.sourcedId === path.slice(parent.length + 1));
    if (single) return respond(200, { [parent.split('/').pop()!.replace(/s$/, '')]: single });
    if (!all) return respond(404, { imsx_codeMajor: 'failure', imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: 'unknownobject' }] } });
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 100), this.options.clampLimit ?? Infinity);
    const offset = Number(url.searchParams.get('offset') ?? 0);
    let records = all.slice(offset, offset + limit);
    if (truncateTo !== undefined) records = records.slice(0, truncateTo);
    const headers = new Headers();
    if (this.options.totalHeader !== false) headers.set('X-Total-Count', String(all.length));
    if (this.options.linkHeaders !== false && offset + limit < all.length) {
      const next = new URL(url);
      next.searchParams.set('offset', String(offset + limit));
      headers.set('Link', `<${next}>; rel="next", <${url}>; rel="first"`);
    }
    const key = this.options.keys?.[path] ?? path.split('/').pop()!;
    return { status: 200, headers, text: async () => JSON.stringify({ [key]: records }) };
  }
}

export function respond(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponseLike {
  return { status, headers: new Headers(headers), text: async () => JSON.stringify(body) };
}

export const records = (count: number, prefix = 'r') =>
  Array.from({ length: count }, (_, i) => ({ sourcedId: `${prefix}${i}` }));
