import { canvasTopic, CANVAS_ENTITY_TYPES, ONEROSTER_ENTITY_TYPES, oneRosterTopic } from '@rp/messaging';
import { canvasSnapshot, diffViews, expectedCanvas, importedRows, importsPending, Pipeline, rosterOf, rowKey, waitFor } from '../support';
import { duplicates } from '../resilience/fault-script';
import type { TenantSetup } from './grading-burst';

/**
 * The loader keeps at most this many imports of a root account in flight: the one Canvas applies and one queued behind
 * it (apps/loader's MAX_IMPORTS_IN_FLIGHT, ADR 0171).
 */
const LOADER_MAX_IMPORTS_IN_FLIGHT = 2;

/**
 * Pairs of SIS imports of one root account that overlapped: Canvas processed both at the same time (the later started
 * before the earlier ended: Canvas runs one per root account), or the later was posted while more than the loader's
 * in-flight limit were unfinished (one running plus one queued; two loaders posting for one tenant would show here).
 */
export function overlappingImports(t: TenantSetup): [number, number][] {
  const imports = t.canvas.admin.imports(t.setup.accountKey).slice().sort((a, b) => a.createdAt - b.createdAt);
  const overlaps: [number, number][] = [];
  for (let i = 1; i < imports.length; i++) {
    const previous = imports[i - 1];
    const started = imports[i].startedAt;
    if (previous.endedAt === null || (started !== null && started < previous.endedAt)) overlaps.push([previous.id, imports[i].id]);
    const beyondLimit = imports[i - LOADER_MAX_IMPORTS_IN_FLIGHT];
    if (beyondLimit && (beyondLimit.endedAt === null || imports[i].createdAt < beyondLimit.endedAt)) overlaps.push([beyondLimit.id, imports[i].id]);
  }
  return overlaps;
}

/**
 * What one transformer and one loader leave in a tenant's Canvas (the independent expectation of the full-sync e2e,
 * which one of each meets), compared with what the replicas left: differences, rows sent more than once, failed
 * imports and overlapping imports — all empty when the replicas changed nothing.
 */
export function departuresFromOneOfEach(t: TenantSetup): Record<string, unknown> {
  const { setup, canvas } = t;
  const found: Record<string, unknown> = {};
  const diff = diffViews(canvasSnapshot(canvas, setup.accountKey), expectedCanvas(rosterOf(setup.ic.admin.store)));
  if (diff.length) found.differences = diff;
  const doubled = duplicates(importedRows(canvas, setup.accountKey).map(rowKey));
  if (doubled.length) found.rowsSentTwice = doubled;
  const failed = canvas.admin.imports(setup.accountKey).filter((i) => i.workflowState.startsWith('failed')).map((i) => i.messages);
  if (failed.length) found.failedImports = failed;
  const overlaps = overlappingImports(t);
  if (overlaps.length) found.overlappingImports = overlaps;
  return found;
}

/**
 * Waits until nothing is in flight for any of the tenants: both consumer groups have committed everything, the
 * loader holds no sendable row and no Canvas import is running — over consecutive checks.
 */
export async function waitAllQuiet(pipeline: Pipeline, tenants: TenantSetup[], describe: () => string, timeoutMs = 600_000): Promise<void> {
  let last = '';
  let stable = 0;
  await waitFor(`the pipeline to be quiet for ${tenants.length} tenants`, async () => {
    const transformerLag = await pipeline.lag('rp.transformer', ONEROSTER_ENTITY_TYPES.map(oneRosterTopic));
    const loaderLag = await pipeline.lag('rp.loader', CANVAS_ENTITY_TYPES.map(canvasTopic));
    const rows = await pipeline.env.query<{ n: number }>('loader',
      `SELECT count(*)::int AS n FROM loader_pending WHERE tenant = ANY($1) AND plan_id IS NULL AND waiting_for IS NULL AND status = 'pending'`,
      [tenants.map((t) => t.setup.tenant)]);
    const busy = tenants.filter((t) => importsPending(t.canvas, t.setup.accountKey)).length;
    const imports = tenants.reduce((n, t) => n + t.canvas.admin.imports(t.setup.accountKey).length, 0);
    const state = JSON.stringify({ transformerLag, loaderLag, pending: rows?.[0]?.n ?? -1, busy, imports });
    const idle = transformerLag === 0 && loaderLag === 0 && rows?.[0]?.n === 0 && busy === 0;
    stable = idle && state === last ? stable + 1 : 0;
    last = state;
    return stable >= 3;
  }, { timeoutMs, intervalMs: 1000, describe: () => `last state ${last}\n${describe()}` });
}
