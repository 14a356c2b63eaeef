import { CanvasPermanentError, CanvasRetriableError } from '../errors/canvas.error';
import { FakeClock } from '../testing/fake-clock';
import { json, scriptedFetch } from '../testing/scripted-fetch';
import { CanvasHttpClient } from './canvas-http.client';

function client(replies: Parameters<typeof scriptedFetch>[0]) {
  const script = scriptedFetch(replies);
  const http = new CanvasHttpClient({ baseUrl: 'https://canvas.test', token: 'tok', tenant: 'acme', fetch: script.fetch, clock: new FakeClock(), maxAttempts: 3 });
  return { http, requests: script.requests };
}

const invalidToken = () => new Response('{"errors":[{"message":"Invalid access token."}]}', { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="canvas-lms"' } });

describe('CanvasHttpClient errors and retries', () => {
  it.each([
    ['401 bad token', invalidToken(), CanvasPermanentError, "tenant acme: GET /api/v1/courses/1: 401 Invalid access token.; the Canvas token is invalid, expired or revoked; update the tenant's Canvas token"],
    ['401 scopes', json({ errors: [{ message: 'Insufficient scopes on access token.' }] }, 401), CanvasPermanentError, /add this endpoint to the developer key scopes/],
    ['401 permission', json({ status: 'unauthorized', errors: [{ message: 'user not authorized to perform that action' }] }, 401), CanvasPermanentError, /grant the token's user the Canvas permission/],
    ['404', json({ errors: [{ message: 'The specified resource does not exist.' }] }, 404), CanvasPermanentError, /404 The specified resource does not exist\.; check the id/],
    ['400 field errors', json({ errors: { name: [{ attribute: 'name', type: 'blank', message: 'blank' }] } }, 400), CanvasPermanentError, /400 name: blank; fix the request data/],
  ])('%s is permanent and not retried', async (_name, reply, type, message) => {
    const { http, requests } = client([reply]);
    const error = await http.request({ path: '/api/v1/courses/1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(message);
    expect(requests).toHaveLength(1);
  });

  it('retries a GET after 503 and a network failure, then succeeds', async () => {
    const { http, requests } = client([json({}, 503), new TypeError('fetch failed'), json({ id: 1 })]);
    expect((await http.request<{ id: number }>({ path: '/api/v1/courses/1' })).data).toEqual({ id: 1 });
    expect(requests).toHaveLength(3);
  });

  it('reports a retriable error once attempts are exhausted', async () => {
    const { http } = client([json({}, 502), json({}, 502), json({}, 502)]);
    const error = await http.request({ path: '/api/v1/x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CanvasRetriableError);
    expect((error as CanvasRetriableError).status).toBe(502);
  });

  it('does not retry a POST after a 500 (it may have been applied)', async () => {
    const { http, requests } = client([json({}, 500), json({})]);
    await expect(http.request({ method: 'POST', path: '/api/v1/accounts/1/sis_imports' })).rejects.toBeInstanceOf(CanvasRetriableError);
    expect(requests).toHaveLength(1);
  });

  it('sends the bearer token and Rails-style array params', async () => {
    const { http, requests } = client([json([])]);
    await http.request({ path: '/api/v1/courses/1/enrollments', query: { 'type[]': ['StudentEnrollment'], include: ['grades', 'uuid'], skip: undefined } });
    expect(requests[0].headers.Authorization).toBe('Bearer tok');
    expect(requests[0].url).toBe('https://canvas.test/api/v1/courses/1/enrollments?type%5B%5D=StudentEnrollment&include%5B%5D=grades&include%5B%5D=uuid');
  });

  it('follows opaque next links and stops without one', async () => {
    const next = 'https://canvas.test/api/v1/courses/1/users?page=bookmark:WyJhIl0&per_page=100';
    const { http, requests } = client([
      json([{ id: 1 }, { id: 2 }], 200, { Link: `<${next}>; rel="next", <https://canvas.test/api/v1/courses/1/users?page=first>; rel="first"` }),
      json([{ id: 3 }], 200, { link: '<https://canvas.test/api/v1/courses/1/users?page=first>; rel="first"' }),
    ]);
    expect(await http.listAll<{ id: number }>('/api/v1/courses/1/users')).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(requests.map((r) => r.url)).toEqual(['https://canvas.test/api/v1/courses/1/users?per_page=100', next]);
  });

  it('refuses to follow a link to another origin with the token', async () => {
    const { http, requests } = client([json([{ id: 1 }], 200, { Link: '<https://evil.test/steal?page=2>; rel="next"' })]);
    await expect(http.listAll('/api/v1/courses/1/users')).rejects.toThrow('tenant acme: https://evil.test/steal?page=2: refusing to send the token to https://evil.test');
    expect(requests).toHaveLength(1);
  });
});
