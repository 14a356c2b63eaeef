import type { AcademicSession } from '@rp/oneroster';
import { canvasEndDate, canvasStartDate } from './canvas-dates';
import { CanvasProjection, canvasProjection } from './canvas-projection';
import type { ProjectionContext } from './ports/projection-context';
import type { TenantMappingSettings } from './tenant-mapping-settings';
import { schoolYearTermId, schoolYearTermName } from './term-resolution';

/**
 * Projects an academicSession into a Canvas term. per-session: a session of one of `terms.sessionTypes`
 * is a term (`term_id = sourcedId`); other types (grading periods by default) project nothing.
 * school-year: every session contributes to the consolidated term `sy-<schoolYear>`, whose dates span the
 * year's active sessions; it is deleted only when no active session of that year remains.
 */
export function projectAcademicSession(
  session: AcademicSession,
  ctx: ProjectionContext,
  settings: TenantMappingSettings,
): CanvasProjection[] {
  const tz = settings.timeZone;
  if (settings.terms.strategy === 'per-session') {
    if (!settings.terms.sessionTypes.includes(session.type)) return [];
    const deleted = session.status === 'tobedeleted';
    const row = {
      term_id: session.sourcedId,
      name: session.title,
      status: deleted ? ('deleted' as const) : ('active' as const),
      start_date: canvasStartDate(session.startDate, tz),
      end_date: canvasEndDate(session.endDate, tz),
    };
    const sources = [{ type: 'academicSession' as const, sourcedId: session.sourcedId }];
    return [canvasProjection('term', session.sourcedId, row, deleted ? 'delete' : 'upsert', sources)];
  }

  const year = session.schoolYear;
  const termId = schoolYearTermId(year);
  const others = ctx.academicSessionsInSchoolYear(year).filter((s) => s.sourcedId !== session.sourcedId);
  const active = [session, ...others].filter((s) => s.status === 'active').sort((a, b) => a.sourcedId.localeCompare(b.sourcedId));
  const sources = [session, ...active.filter((s) => s !== session)].map((s) => ({ type: 'academicSession' as const, sourcedId: s.sourcedId }));
  if (active.length === 0) {
    const row = { term_id: termId, name: schoolYearTermName(year), status: 'deleted' as const };
    return [canvasProjection('term', termId, row, 'delete', sources)];
  }
  const startDate = active.map((s) => s.startDate).sort()[0];
  const endDate = active.map((s) => s.endDate).sort().at(-1)!;
  const row = {
    term_id: termId,
    name: schoolYearTermName(year),
    status: 'active' as const,
    start_date: canvasStartDate(startDate, tz),
    end_date: canvasEndDate(endDate, tz),
  };
  return [canvasProjection('term', termId, row, 'upsert', sources)];
}
