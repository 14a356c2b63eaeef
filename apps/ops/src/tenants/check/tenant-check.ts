import type { TenantConnection } from '@rp/persistence';
import { checkCanvas } from './canvas-connection.check';
import type { TenantCheckReport } from './check-result';
import { checkInfiniteCampus } from './ic-connection.check';
import { checkJwks } from './jwks.check';

/** Checks a tenant's connections the way a run will use them; it can run when nothing failed. */
export async function checkTenant(connection: TenantConnection): Promise<TenantCheckReport> {
  const [ic, canvas, jwks] = await Promise.all([
    checkInfiniteCampus(connection.id, connection.ic),
    checkCanvas(connection.id, connection.canvas),
    checkJwks(connection.id, connection.canvas.liveEventsJwksUrl),
  ]);
  const checks = [...ic, ...canvas, jwks];
  return { tenant: connection.id, canRun: checks.every((c) => c.status !== 'fail'), checks };
}
