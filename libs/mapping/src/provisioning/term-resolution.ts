import type { AcademicSession, Class } from '@rp/oneroster';
import type { ParentRef } from './ports/parent-ref';
import type { ProjectionContext } from './ports/projection-context';
import type { TenantMappingSettings } from './tenant-mapping-settings';

/** Canvas term id of the consolidated term of a school year (strategy `school-year`). */
export function schoolYearTermId(schoolYear: string): string {
  return `sy-${schoolYear}`;
}

/** Display name of a school-year term: `2024-2025` for schoolYear 2025 (OneRoster's schoolYear is the ending year). */
export function schoolYearTermName(schoolYear: string): string {
  const end = Number(schoolYear);
  return Number.isInteger(end) ? `${end - 1}-${end}` : schoolYear;
}

/** The Canvas term of a class; `span` is set when the class covers several terms that share no Canvas term. */
export type ClassTermResolution =
  | { kind: 'resolved'; termId: string; sessions: readonly AcademicSession[]; span?: { startDate: string; endDate: string } }
  | { kind: 'missing'; missing: readonly ParentRef[] }
  | { kind: 'unmappable'; problem: string };

const MAX_DEPTH = 10;
type Chain = { chain: AcademicSession[] } | { missing: ParentRef } | { none: AcademicSession };

/** The session itself and its ancestors whose type becomes a Canvas term, nearest first (per-session strategy). */
function eligibleChain(sessionId: string, cls: Class, ctx: ProjectionContext, eligible: readonly string[]): Chain {
  const chain: AcademicSession[] = [];
  let id: string | undefined = sessionId;
  let first: AcademicSession | undefined;
  for (let depth = 0; id !== undefined && depth < MAX_DEPTH; depth++) {
    const session = ctx.academicSession(id);
    if (!session) {
      // A Canvas term is already found lower down; an unknown ancestor only matters for multi-term classes.
      if (chain.length > 0) break;
      const via = depth === 0 ? `term of class ${cls.sourcedId}` : `parent session of term ${sessionId} of class ${cls.sourcedId}`;
      return { missing: { type: 'academicSession', sourcedId: id, via } };
    }
    first ??= session;
    if (eligible.includes(session.type)) chain.push(session);
    id = session.parent?.sourcedId;
  }
  return chain.length > 0 ? { chain } : { none: first! };
}

const byStart = (a: AcademicSession, b: AcademicSession) =>
  a.startDate.localeCompare(b.startDate) || a.sourcedId.localeCompare(b.sourcedId);

/** Decides which Canvas term a class's course goes in, under the tenant's term strategy. */
export function resolveClassTerm(cls: Class, ctx: ProjectionContext, settings: TenantMappingSettings): ClassTermResolution {
  const termIds = [...new Set(cls.terms.map((term) => term.sourcedId))];
  if (termIds.length === 0) return { kind: 'unmappable', problem: 'has no terms; OneRoster requires at least one' };

  if (settings.terms.strategy === 'school-year') {
    const missing = termIds
      .filter((id) => !ctx.academicSession(id))
      .map((sourcedId): ParentRef => ({ type: 'academicSession', sourcedId, via: `term of class ${cls.sourcedId}` }));
    if (missing.length > 0) return { kind: 'missing', missing };
    const sessions = termIds.map((id) => ctx.academicSession(id)!).sort(byStart);
    return { kind: 'resolved', termId: schoolYearTermId(sessions[0].schoolYear), sessions };
  }

  const chains = termIds.map((id) => eligibleChain(id, cls, ctx, settings.terms.sessionTypes));
  const missing = chains.flatMap((c) => ('missing' in c ? [c.missing] : []));
  if (missing.length > 0) return { kind: 'missing', missing };
  const none = chains.flatMap((c) => ('none' in c ? [c.none] : []));
  if (none.length > 0) {
    const term = none[0];
    return {
      kind: 'unmappable',
      problem:
        `has term ${term.sourcedId} of type ${term.type}, and neither it nor a parent session is of a type in ` +
        `terms.sessionTypes (${settings.terms.sessionTypes.join(', ')}); add ${term.type} to terms.sessionTypes`,
    };
  }
  const resolved = chains.map((c) => (c as { chain: AcademicSession[] }).chain);
  const sessions = termIds.map((id) => ctx.academicSession(id)!);
  const nearest = [...new Map(resolved.map((chain) => [chain[0].sourcedId, chain[0]])).values()];
  if (nearest.length === 1) return { kind: 'resolved', termId: nearest[0].sourcedId, sessions };

  // Several terms (e.g. two semesters): prefer the nearest Canvas term that contains all of them (the school year).
  const common = resolved[0].find((candidate) => resolved.every((chain) => chain.some((s) => s.sourcedId === candidate.sourcedId)));
  if (common) return { kind: 'resolved', termId: common.sourcedId, sessions };
  const ordered = [...nearest].sort(byStart);
  const endDate = ordered.map((s) => s.endDate).sort().at(-1)!;
  return { kind: 'resolved', termId: ordered[0].sourcedId, sessions, span: { startDate: ordered[0].startDate, endDate } };
}
