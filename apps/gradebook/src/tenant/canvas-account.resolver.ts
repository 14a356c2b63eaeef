import type { CanvasRestClient } from '@rp/canvas';
import { PermanentError } from '@rp/messaging';

/**
 * The numeric id of a tenant's Canvas root account, for REST paths like `/api/v1/accounts/:id/courses`. A tenant may
 * be configured by the account's uuid (the form the gateway matches Live Events on, and recommends), but Canvas
 * addresses accounts by id only (`/accounts/<uuid>` answers 404): the uuid is looked up once, in the domain's root
 * account (`/accounts/self`) and then in the accounts the token can manage.
 */
export class CanvasAccountResolver {
  private readonly known = new Map<string, Promise<string>>();

  idOf(tenant: string, canvas: CanvasRestClient, configured: string): Promise<string> {
    if (configured === 'self' || /^\d+$/.test(configured) || configured.includes(':')) return Promise.resolve(configured);
    const key = `${tenant}|${configured}`;
    let id = this.known.get(key);
    if (!id) {
      id = this.lookUp(tenant, canvas, configured);
      this.known.set(key, id);
      id.catch(() => this.known.delete(key));
    }
    return id;
  }

  private async lookUp(tenant: string, canvas: CanvasRestClient, uuid: string): Promise<string> {
    const self = await canvas.getAccount('self');
    if (self.uuid === uuid) return String(self.id);
    for await (const account of canvas.listAccounts()) if (account.uuid === uuid) return String(account.id);
    throw new PermanentError(
      `tenant ${tenant}: Canvas root account ${uuid} is neither this Canvas domain's root account (uuid ${self.uuid ?? '?'}, id ${self.id}) ` +
        'nor an account the token can manage; fix canvas.rootAccountId with `ops tenants update`',
    );
  }
}
