import { AddressInfo } from 'node:net';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { OneRosterInvalidWriteError } from '../errors/oneroster.errors';
import { LineItem, Result } from '../model';
import { strictSchemaValidator } from '../validation/schema-compiler';
import { GradebookClient } from './gradebook.client';

interface Seen { method: string; url: string; headers: IncomingMessage['headers']; body: unknown }

/** Minimal IC-like gradebook on 127.0.0.1: stores PUTs, 201 on create / 200 on update, demands the vendor header. */
function startGradebook(): Promise<{ server: Server; url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const store = new Map<string, unknown>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const url = req.url ?? '';
      seen.push({ method: req.method ?? '', url, headers: req.headers, body: text && req.headers['content-type'] === 'application/json' ? JSON.parse(text) : text });
      const json = (status: number, body?: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(body === undefined ? undefined : JSON.stringify(body));
      if (url.startsWith('/token')) return json(200, { access_token: 'tok', expires_in: 3600 });
      if (req.headers['x-vendor-authorization'] !== 'vkey:vsecret') return json(401, { imsx_codeMajor: 'failure', imsx_description: 'vendor not authorised' });
      const path = url.replace(/^\/gb/, '').split('?')[0];
      if (req.method === 'PUT') {
        const existed = store.has(path);
        store.set(path, JSON.parse(text));
        return json(existed ? 200 : 201, JSON.parse(text));
      }
      if (req.method === 'DELETE') return json(store.delete(path) ? 204 : 404);
      if (path === '/classes/c1/categories') {
        res.setHeader('X-Total-Count', '2');
        return json(200, { categories: [{ sourcedId: 'cat1', title: 'Homework' }, { sourcedId: 'cat2', title: 'Tests' }] });
      }
      if (req.method === 'POST') return json(201, { sourcedIdPairs: [{ suppliedSourcedId: 'r1', allocatedSourcedId: 'ic-1' }] });
      const stored = store.get(path) as Record<string, unknown> | undefined;
      return stored ? json(200, stored) : json(404, {});
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen });
  }));
}

const lineItem: LineItem = {
  sourcedId: 'li1', status: 'active', dateLastModified: '2024-09-02T12:00:00.000Z', title: 'Essay 1',
  assignDate: '2024-09-01T00:00:00.000Z', dueDate: '2024-09-09T05:00:00.000Z',
  class: { sourcedId: 'c1', type: 'class' }, school: { sourcedId: 's1', type: 'org' }, category: { sourcedId: 'cat1', type: 'category' },
  resultValueMin: 0, resultValueMax: 100,
};
const result: Result = {
  sourcedId: 'r1', status: 'active', dateLastModified: '2024-09-02T12:00:00.000Z',
  lineItem: { sourcedId: 'li1', type: 'lineItem' }, student: { sourcedId: 'u1', type: 'user' },
  scoreStatus: 'fully graded', score: 87.5, scoreDate: '2024-09-02', late: true, missing: false,
};

const lineItemHrefs = (url: string) => ({
  class: { href: `${url}/ro/rostering/v1p2/classes/c1`, sourcedId: 'c1', type: 'class' },
  school: { href: `${url}/ro/rostering/v1p2/orgs/s1`, sourcedId: 's1', type: 'org' },
  category: { href: `${url}/gb/categories/cat1`, sourcedId: 'cat1', type: 'category' },
});

describe('GradebookClient against a local gradebook server', () => {
  let env: Awaited<ReturnType<typeof startGradebook>>;
  let client: GradebookClient;
  beforeAll(async () => {
    env = await startGradebook();
    client = new GradebookClient({
      tenant: 'acme',
      rosteringBaseUrl: `${env.url}/ro/rostering/v1p2`,
      gradebookBaseUrl: `${env.url}/gb`,
      token: { tokenUrl: `${env.url}/token`, clientId: 'id', clientSecret: 'secret', appName: 'acme' },
      vendorAuthorization: { key: 'vkey', secret: 'vsecret' },
    });
  });
  afterAll(() => new Promise((resolve) => {
    env.server.closeAllConnections();
    env.server.close(resolve);
  }));

  it('PUTs a line item wrapped in {lineItem}, with bearer token and x-vendor-authorization; 201 then 200 are both upserts', async () => {
    expect(await client.putLineItem(lineItem)).toEqual({ status: 201, created: true });
    expect(await client.putLineItem({ ...lineItem, title: 'Essay 1 (revised)' })).toEqual({ status: 200, created: false });
    const put = env.seen.filter((s) => s.method === 'PUT' && s.url === '/gb/lineItems/li1');
    expect(put[0].headers.authorization).toBe('Bearer tok');
    expect(put[0].headers['x-vendor-authorization']).toBe('vkey:vsecret');
    const sent = { ...lineItem, title: 'Essay 1 (revised)', ...lineItemHrefs(env.url) };
    expect(put[1].body).toEqual({ lineItem: sent });
    expect(await client.get('lineItems', 'li1')).toEqual(sent);
  });

  it('PUTs a result with the 1.2 "true"/"false" flag strings', async () => {
    await client.putResult(result);
    const put = env.seen.find((s) => s.method === 'PUT' && s.url === '/gb/results/r1');
    expect(put?.body).toEqual({
      result: {
        ...result, late: 'true', missing: 'false',
        lineItem: { href: `${env.url}/gb/lineItems/li1`, sourcedId: 'li1', type: 'lineItem' },
        student: { href: `${env.url}/ro/rostering/v1p2/users/u1`, sourcedId: 'u1', type: 'user' },
      },
    });
  });

  it('sends what the official schemas accept as published (every reference with its href in the tenant\'s IC)', async () => {
    const withPeriod: LineItem = { ...lineItem, sourcedId: 'li-strict', gradingPeriod: { sourcedId: 'q1', type: 'academicSession' } };
    await client.putLineItem(withPeriod);
    await client.putResult({ ...result, sourcedId: 'r-strict', class: { sourcedId: 'c1', type: 'class' } });
    const body = (url: string) => env.seen.find((s) => s.method === 'PUT' && s.url === url)?.body as Record<string, Record<string, unknown>>;
    const sentLineItem = body('/gb/lineItems/li-strict').lineItem;
    const sentResult = body('/gb/results/r-strict').result;
    expect(strictSchemaValidator('lineItem')(sentLineItem)).toBe(true);
    expect(strictSchemaValidator('result')(sentResult)).toBe(true);
    expect(sentLineItem.gradingPeriod).toEqual({ href: `${env.url}/ro/rostering/v1p2/academicSessions/q1`, sourcedId: 'q1', type: 'academicSession' });
    expect(sentResult.class).toEqual({ href: `${env.url}/ro/rostering/v1p2/classes/c1`, sourcedId: 'c1', type: 'class' });
  });

  it('refuses to send a record failing the strict schema, naming tenant, record and field; IC is not called', async () => {
    const before = env.seen.length;
    const bad = { ...lineItem, sourcedId: 'li-bad', category: undefined } as unknown as LineItem;
    const error = await client.putLineItem(bad).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(OneRosterInvalidWriteError);
    expect((error as Error).message).toMatch(/tenant acme: lineItem li-bad was not sent: it fails the official OneRoster 1.2 schema \(category is missing/);
    expect(env.seen.length).toBe(before);
  });

  it('reads the categories of a class', async () => {
    const titles: unknown[] = [];
    for await (const category of client.categoriesForClass('c1')) titles.push(category.title);
    expect(titles).toEqual(['Homework', 'Tests']);
  });

  it('DELETE reports whether the object existed', async () => {
    await client.putResult({ ...result, sourcedId: 'r-del' });
    expect(await client.deleteResult('r-del')).toBe(true);
    expect(await client.deleteResult('r-del')).toBe(false);
  });

  it('batch-POSTs results and returns the allocated ids', async () => {
    expect(await client.postResultsForLineItem('li1', [result])).toEqual([{ suppliedSourcedId: 'r1', allocatedSourcedId: 'ic-1' }]);
  });

  it('without the vendor key IC refuses: a permanent auth error naming tenant and endpoint', async () => {
    const noVendor = new GradebookClient({
      tenant: 'acme', rosteringBaseUrl: `${env.url}/ro/rostering/v1p2`, gradebookBaseUrl: `${env.url}/gb`,
      token: { tokenUrl: `${env.url}/token`, clientId: 'id', clientSecret: 'secret' },
    });
    await expect(noVendor.putLineItem(lineItem)).rejects.toThrow(/tenant acme: OneRoster \/lineItems\/li1 answered HTTP 401: vendor not authorised; check .*vendor key/);
  });

  it('derives the gradebook base URL from the rostering one', () => {
    const derived = new GradebookClient({
      tenant: 'acme', rosteringBaseUrl: 'https://ic.example/campus/api/ims/oneroster/rostering/v1p2', token: { tokenUrl: 'https://x/t', clientId: 'a', clientSecret: 'b' },
    });
    expect(derived).toBeInstanceOf(GradebookClient);
    expect(() => new GradebookClient({ tenant: 'acme', rosteringBaseUrl: 'https://ic.example/other', token: { tokenUrl: 'https://x/t', clientId: 'a', clientSecret: 'b' } }))
      .toThrow(/set gradebookBaseUrl explicitly/);
  });
});
