import type { TenantConnection } from '@rp/persistence';
import { checkCanvas } from './canvas-connection.check';
import { readCanvasTokenExpiry } from './canvas-token-expiry.check';
import type { TenantCheckReport } from './check-result';
import { checkInfiniteCampus } from './ic-connection.check';
import { checkJwks } from './jwks.check';

/**
 * Checks a tenant's connections the way a run will use them; it can run when nothing failed. The Canvas token's
 * expiry, when Canvas tells it, comes back in `canvasExpiry` (null: never expires) for the caller to store.
 */
export async function checkTenant(connection: TenantConnection): Promise<TenantCheckReport> {
  const [ic, canvas, expiry, jwks] = await Promise.all([
    checkInfiniteCampus(connection.id, connection.ic),
    checkCanvas(connection.id, connection.canvas),
    readCanvasTokenExpiry(connection.id, connection.canvas),
    checkJwks(connection.id, connection.canvas.liveEventsJwksUrl),
  ]);
  const checks = [...ic, ...canvas, expiry.result, jwks];
  return {
    tenant: connection.id, canRun: checks.every((c) => c.status !== 'fail'), checks,
    ...(expiry.expiresAt !== undefined ? { canvasExpiry: expiry.expiresAt } : {}),
  };
}
