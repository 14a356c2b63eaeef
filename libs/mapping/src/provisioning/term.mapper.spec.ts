import type { AcademicSessionType } from '@rp/oneroster';
import { createProjectionContext } from './projection-context';
import { projectAcademicSession } from './term.mapper';
import { NOW, session, settingsWith } from './testing/records';

const perSession = settingsWith({ timeZone: 'America/Chicago' });
const schoolYear = settingsWith({ timeZone: 'America/Chicago', terms: { strategy: 'school-year' } });
const emptyCtx = createProjectionContext('acme', NOW);

describe('projectAcademicSession (sessions → terms)', () => {
  it.each<[string, AcademicSessionType, number]>([
    ['semester', 'semester', 1],
    ['term', 'term', 1],
    ['schoolYear', 'schoolYear', 1],
    ['gradingPeriod is not a term by default', 'gradingPeriod', 0],
    ['ext: type is not a term unless listed', 'ext:IC.quarter', 0],
  ])('per-session: %s', (_rule, type, count) => {
    expect(projectAcademicSession(session('t-1', type, '2024-08-15', '2025-01-10'), emptyCtx, perSession)).toHaveLength(count);
  });

  it('per-session: term_id = sourcedId, local start, end = the day before the exclusive end date', () => {
    const [term] = projectAcademicSession(session('t-1', 'semester', '2024-08-15', '2025-01-10', { title: 'Fall' }), emptyCtx, perSession);
    expect(term).toMatchObject({
      type: 'term', sisId: 't-1', op: 'upsert',
      row: { term_id: 't-1', name: 'Fall', status: 'active', start_date: '2024-08-15T00:00:00-05:00', end_date: '2025-01-09T23:59:59-06:00' },
      sources: [{ type: 'academicSession', sourcedId: 't-1' }],
    });
    expect(term.schoolSourcedId).toBeUndefined();
  });

  it('per-session: a listed ext: type becomes a term', () => {
    const settings = settingsWith({ terms: { sessionTypes: ['ext:IC.quarter'] } });
    expect(projectAcademicSession(session('q1', 'ext:IC.quarter', '2024-08-15', '2024-10-20'), emptyCtx, settings)).toHaveLength(1);
  });

  it('per-session: tobedeleted → deleted term', () => {
    const [term] = projectAcademicSession(session('t-1', 'term', '2024-08-15', '2025-01-10', { status: 'tobedeleted' }), emptyCtx, perSession);
    expect(term).toMatchObject({ op: 'delete', row: { status: 'deleted' } });
  });

  it('school-year: one consolidated term sy-<year> spanning all active sessions of the year', () => {
    const ctx = createProjectionContext('acme', NOW, {
      academicSessions: [
        session('s1', 'semester', '2024-08-15', '2025-01-10'),
        session('s2', 'semester', '2025-01-10', '2025-06-14'),
        session('old', 'semester', '2024-07-01', '2024-08-01', { status: 'tobedeleted' }),
        session('other-year', 'semester', '2025-08-15', '2026-01-10', { schoolYear: '2026' }),
      ],
    });
    const [term] = projectAcademicSession(session('s1', 'semester', '2024-08-15', '2025-01-10'), ctx, schoolYear);
    expect(term).toMatchObject({
      type: 'term', sisId: 'sy-2025', op: 'upsert',
      row: { term_id: 'sy-2025', name: '2024-2025', status: 'active', start_date: '2024-08-15T00:00:00-05:00', end_date: '2025-06-13T23:59:59-05:00' },
    });
    expect(term.sources.map((s) => s.sourcedId)).toEqual(['s1', 's2']);
  });

  it('school-year: the session being projected replaces its stale copy in the context', () => {
    const ctx = createProjectionContext('acme', NOW, { academicSessions: [session('s2', 'semester', '2025-01-10', '2025-06-14')] });
    const [term] = projectAcademicSession(session('s2', 'semester', '2025-01-10', '2025-06-20'), ctx, schoolYear);
    expect(term.row).toMatchObject({ end_date: '2025-06-19T23:59:59-05:00' });
  });

  it('school-year: the term stays while another session of the year is active', () => {
    const ctx = createProjectionContext('acme', NOW, { academicSessions: [session('s2', 'semester', '2025-01-10', '2025-06-14')] });
    const [term] = projectAcademicSession(session('s1', 'semester', '2024-08-15', '2025-01-10', { status: 'tobedeleted' }), ctx, schoolYear);
    expect(term).toMatchObject({ op: 'upsert', row: { status: 'active', start_date: '2025-01-10T00:00:00-06:00' } });
  });

  it('school-year: the term is deleted with the last active session of the year', () => {
    const [term] = projectAcademicSession(session('s1', 'semester', '2024-08-15', '2025-01-10', { status: 'tobedeleted' }), emptyCtx, schoolYear);
    expect(term).toMatchObject({ sisId: 'sy-2025', op: 'delete', row: { term_id: 'sy-2025', status: 'deleted' } });
  });
});
