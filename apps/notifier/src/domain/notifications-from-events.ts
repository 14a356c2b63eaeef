import type { LoadResult, SyncRunEvent } from '@rp/messaging';
import type { Notification } from './notification';
import { notificationKey } from './notification-keys';

/**
 * The token endpoint's refusal (libs/oneroster token.provider) and IC's 401/403 answers: a failed run whose message
 * says this failed on credentials, which an operator fixes differently (a new secret) from other failures.
 */
const CREDENTIALS_REJECTED = /refused the client credentials|HTTP 40[13]\b|invalid_client|unauthori[sz]ed/i;

/** A failed stage of a run → "run failed", or "credentials rejected" when the message says so; else nothing. */
export function notificationOfRun(event: SyncRunEvent): Notification | undefined {
  if (event.phase !== 'failed') return undefined;
  const message = event.message ?? `tenant ${event.tenant}: run ${event.runId} failed in the ${event.stage}; see \`ops runs show ${event.runId}\``;
  const details = { runId: event.runId, stage: event.stage, kind: event.kind };
  if (CREDENTIALS_REJECTED.test(message)) {
    return {
      key: notificationKey('credentials-rejected', event.tenant, event.runId, event.stage),
      tenant: event.tenant, kind: 'credentials-rejected', at: event.at, details,
      title: `tenant ${event.tenant}: credentials rejected (${event.kind} run ${event.runId})`,
      text: message,
    };
  }
  return {
    key: notificationKey('run-failed', event.tenant, event.runId, event.stage),
    tenant: event.tenant, kind: 'run-failed', at: event.at, details,
    title: `tenant ${event.tenant}: ${event.kind} run ${event.runId} failed in the ${event.stage}`,
    text: message,
  };
}

/** A row held by the safety gate → "plan held", one per plan (every held row of the plan yields the same key). */
export function notificationOfLoadResult(result: LoadResult): Notification | undefined {
  if (result.outcome !== 'held') return undefined;
  // Older loaders published no planId: their plan is named in the message (`ops plans show <id>`).
  const planId = result.planId ?? /ops plans show (\S+?)`/.exec(result.message ?? '')?.[1];
  if (!planId) return undefined;
  return {
    key: notificationKey('plan-held', result.tenant, planId),
    tenant: result.tenant, kind: 'plan-held', at: result.at,
    details: { planId, ...(result.syncRun ? { runId: result.syncRun } : {}) },
    title: `tenant ${result.tenant}: plan ${planId} held destructive changes for review`,
    text: result.message ?? `tenant ${result.tenant}: destructive changes are held in plan ${planId}; inspect with \`ops plans show ${planId}\`, then approve or reject`,
  };
}
