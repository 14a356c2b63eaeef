import { SimulatorAdmin } from './admin';
import { ApiResponse } from './api-context';
import type { ConcurrencyLimitOptions } from './client-concurrency';
import { RosterKind, ROSTER_KINDS } from './roster-store';

/**
 * Admin HTTP API under /__admin (no auth; the simulator listens on 127.0.0.1 only):
 *   GET  /state · GET /gradebook/writes · GET /requests · DELETE /logs
 *   POST /district {seed,size,schoolYear,…} · POST /quirks {…} · POST /faults {…} · DELETE /faults
 *   POST /tokens/expire · POST /clock {at | advanceMs} · POST /concurrency {perClient, retryAfterSeconds?} · DELETE /concurrency
 *   POST /records/:kind {record} · PATCH /records/:kind/:id {patch} · DELETE /records/:kind/:id (→ tobedeleted)
 *   POST /enrollments {userSourcedId, classSourcedId, role?} · POST /enrollments/:id/drop {endDate?}
 *   POST /users/:id/disable
 */
export function handleAdmin(admin: SimulatorAdmin, method: string, path: string, body: unknown): ApiResponse {
  const b = (body ?? {}) as Record<string, unknown>;
  const ok = (value: unknown = admin.state(), status = 200): ApiResponse => ({ status, body: value });
  const routes: [string, RegExp, (m: string[]) => ApiResponse][] = [
    ['GET', /^\/state$/, () => ok()],
    ['GET', /^\/gradebook\/writes$/, () => ok(admin.gradebookWrites())],
    ['GET', /^\/requests$/, () => ok(admin.requests)],
    ['DELETE', /^\/logs$/, () => (admin.clearLogs(), ok())],
    ['POST', /^\/district$/, () => {
      const district = admin.generateDistrict(b);
      return ok({ counts: district.counts, schoolYear: district.schoolYear, name: district.name });
    }],
    ['POST', /^\/quirks$/, () => ok(admin.setQuirks(b))],
    ['POST', /^\/faults$/, () => ok(admin.setFaults(b))],
    ['DELETE', /^\/faults$/, () => (admin.resetFaults(), ok())],
    ['POST', /^\/tokens\/expire$/, () => (admin.expireTokens(), ok())],
    ['POST', /^\/concurrency$/, () => (admin.setConcurrencyLimit(concurrencyLimitOf(b)), ok())],
    ['DELETE', /^\/concurrency$/, () => (admin.setConcurrencyLimit(undefined), ok())],
    ['POST', /^\/clock$/, () => {
      if (typeof b.at === 'string') admin.clock.set(b.at);
      if (typeof b.advanceMs === 'number') admin.clock.advance(b.advanceMs);
      return ok({ now: admin.clock.now().toISOString() });
    }],
    ['POST', /^\/records\/([^/]+)$/, ([, kind]) => ok(admin.sis.add(checkKind(kind), b as never), 201)],
    ['PATCH', /^\/records\/([^/]+)\/([^/]+)$/, ([, kind, id]) => ok(admin.sis.update(checkKind(kind), id, b as never))],
    ['DELETE', /^\/records\/([^/]+)\/([^/]+)$/, ([, kind, id]) => ok(admin.sis.markDeleted(checkKind(kind), id))],
    ['POST', /^\/enrollments$/, () => ok(admin.sis.addEnrollment(b as never), 201)],
    ['POST', /^\/enrollments\/([^/]+)\/drop$/, ([, id]) => ok(admin.sis.dropEnrollment(id, b.endDate as string | undefined))],
    ['POST', /^\/users\/([^/]+)\/disable$/, ([, id]) => ok(admin.sis.disableUser(id))],
  ];
  for (const [verb, pattern, run] of routes) {
    const m = verb === method ? pattern.exec(path) : null;
    if (m) return run([...m].map((part) => decodeURIComponent(part)));
  }
  return { status: 404, body: { error: `no admin route ${method} /__admin${path}` } };
}

function checkKind(kind: string): RosterKind {
  if (!ROSTER_KINDS.includes(kind as RosterKind)) throw new Error(`unknown record kind "${kind}"; use one of ${ROSTER_KINDS.join(', ')}`);
  return kind as RosterKind;
}

function concurrencyLimitOf(b: Record<string, unknown>): ConcurrencyLimitOptions {
  const perClient = Number(b.perClient);
  if (!Number.isInteger(perClient) || perClient < 1) throw new Error(`perClient must be an integer ≥ 1, got ${String(b.perClient)}`);
  return { perClient, ...(b.retryAfterSeconds !== undefined ? { retryAfterSeconds: Number(b.retryAfterSeconds) } : {}) };
}
