import { OneRosterInvalidWriteError } from '../errors/oneroster.errors';
import { validateRecord } from '../validation/record.validator';

/** The service base URLs a reference's `href` points into. */
export interface ReferenceBases {
  rosteringBaseUrl: string;
  gradebookBaseUrl: string;
}

/** Where each referenced type lives: OneRoster 1.2's REST collections (rostering or gradebook service). */
const COLLECTION_OF_TYPE: Record<string, { service: keyof ReferenceBases; collection: string }> = {
  class: { service: 'rosteringBaseUrl', collection: 'classes' },
  org: { service: 'rosteringBaseUrl', collection: 'orgs' },
  academicSession: { service: 'rosteringBaseUrl', collection: 'academicSessions' },
  user: { service: 'rosteringBaseUrl', collection: 'users' },
  category: { service: 'gradebookBaseUrl', collection: 'categories' },
  lineItem: { service: 'gradebookBaseUrl', collection: 'lineItems' },
  scoreScale: { service: 'gradebookBaseUrl', collection: 'scoreScales' },
};

const isRef = (v: unknown): v is { sourcedId: string; type: string; href?: string } =>
  !!v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { sourcedId?: unknown }).sourcedId === 'string' && typeof (v as { type?: unknown }).type === 'string';

/**
 * The wire record with an `href` on every reference (class, school, category, gradingPeriod, lineItem, student, …):
 * the URI of the referenced object in the tenant's IC, as the official GUIDRef schemas require.
 */
export function withReferenceHrefs(wire: Record<string, unknown>, bases: ReferenceBases): Record<string, unknown> {
  const out: Record<string, unknown> = { ...wire };
  for (const [field, value] of Object.entries(wire)) {
    if (!isRef(value) || value.href) continue;
    const where = COLLECTION_OF_TYPE[value.type];
    if (!where) continue;
    out[field] = { href: `${bases[where.service].replace(/\/+$/, '')}/${where.collection}/${encodeURIComponent(value.sourcedId)}`, ...value };
  }
  return out;
}

/**
 * Checks a lineItem/result/category about to be written against the official 1.2 schema as published (strict: the
 * relaxation for reading lenient providers does not apply to what the platform sends); throws naming every problem.
 */
export function assertWritable(kind: 'lineItem' | 'result' | 'category', wire: Record<string, unknown>, tenant: string, endpoint: string): void {
  const problems = validateRecord(kind, wire, { tenant }, 'strict');
  if (problems.length === 0) return;
  const list = problems.map((p) => `${p.field} ${p.message}`).join('; ');
  throw new OneRosterInvalidWriteError(
    `tenant ${tenant}: ${kind} ${String(wire.sourcedId)} was not sent: it fails the official OneRoster 1.2 schema (${list}); this is a defect of the platform's mapping, report it`,
    { tenant, endpoint },
  );
}
