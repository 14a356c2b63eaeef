import type { CanvasAccount, CanvasRestClient } from '@rp/canvas';
import { PermanentError } from '@rp/messaging';
import { CanvasAccountResolver } from './canvas-account.resolver';

/** A Canvas whose domain root account is 1 (uuid root-uuid) and whose token also manages account 7 (uuid other-uuid). */
function canvas() {
  const calls: string[] = [];
  const client = {
    async getAccount(ref: string) {
      calls.push(`account ${ref}`);
      return { id: 1, name: 'Root', uuid: 'root-uuid' } as CanvasAccount;
    },
    async *listAccounts() {
      calls.push('accounts');
      yield* [{ id: 1, uuid: 'root-uuid' }, { id: 7, uuid: 'other-uuid' }] as CanvasAccount[];
    },
  } as unknown as CanvasRestClient;
  return { client, calls };
}

describe('CanvasAccountResolver', () => {
  it.each([['1', '1'], ['self', 'self'], ['sis_account_id:district', 'sis_account_id:district']])('uses %s as configured (Canvas addresses it)', async (configured, id) => {
    const { client, calls } = canvas();
    expect(await new CanvasAccountResolver().idOf('acme', client, configured)).toBe(id);
    expect(calls).toEqual([]);
  });

  it('turns the domain root account\'s uuid into its id, once', async () => {
    const { client, calls } = canvas();
    const resolver = new CanvasAccountResolver();
    expect(await resolver.idOf('acme', client, 'root-uuid')).toBe('1');
    expect(await resolver.idOf('acme', client, 'root-uuid')).toBe('1');
    expect(calls).toEqual(['account self']);
  });

  it('finds another account the token manages by its uuid', async () => {
    const { client } = canvas();
    expect(await new CanvasAccountResolver().idOf('acme', client, 'other-uuid')).toBe('7');
  });

  it('refuses, naming the tenant and the fix, a uuid no account has', async () => {
    const { client } = canvas();
    const error = await new CanvasAccountResolver().idOf('acme', client, 'nobody').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as Error).message).toMatch(/^tenant acme: Canvas root account nobody is neither .* fix canvas.rootAccountId with `ops tenants update`$/);
  });
});
