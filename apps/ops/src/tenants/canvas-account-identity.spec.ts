import { readCanvasRootAccount } from './canvas-account-identity';

const target = { baseUrl: 'https://district.instructure.example', rootAccountId: '1', token: 'tok' };

function answering(status: number, body: unknown) {
  const calls: string[] = [];
  const fetchPort = async (url: string, init: RequestInit) => {
    calls.push(`${url} ${(init.headers as Record<string, string>).Authorization}`);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return { calls, fetchPort };
}

describe('readCanvasRootAccount', () => {
  it("returns the root account's uuid, read with the tenant's token", async () => {
    const { calls, fetchPort } = answering(200, { id: 1, name: 'District', uuid: 'u'.repeat(40), parent_account_id: null, root_account_id: null });
    await expect(readCanvasRootAccount('acme', target, fetchPort)).resolves.toEqual({ uuid: 'u'.repeat(40), name: 'District' });
    expect(calls).toEqual(['https://district.instructure.example/api/v1/accounts/1 Bearer tok']);
  });

  it.each([
    ['a sub-account', 200, { id: 7, name: 'North', uuid: 'x', parent_account_id: 1, root_account_id: 1 }, /is a sub-account; give the root account id/],
    ['no uuid (not a Canvas)', 200, { id: 1, name: 'Odd', parent_account_id: null, root_account_id: null }, /did not say the uuid/],
    ['a refused token', 401, { errors: [{ message: 'Invalid access token.' }] }, /refused the token for account 1 \(HTTP 401\)/],
    ['an unknown account', 404, { errors: [{ message: 'The specified resource does not exist.' }] }, /has no account 1/],
  ])('is a user error (exit 1) for %s', async (_name, status, body, message) => {
    const error = await readCanvasRootAccount('acme', target, answering(status, body).fetchPort).catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'UserError', message: expect.stringMatching(message) });
  });

  it('leaves an unreachable Canvas a system error', async () => {
    const down = async () => {
      throw new Error('connect ECONNREFUSED');
    };
    const error = await readCanvasRootAccount('acme', target, down).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).not.toBe('UserError');
  });
});
