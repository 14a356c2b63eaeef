import { resolveClassTerm } from './term-resolution';
import { districtContext, klass, session, settingsWith } from './testing/records';

const cls = (terms: string[]) => klass('c', { course: 'crs-1', school: 'sch-1', terms });
const perSession = settingsWith();
const semestersOnly = settingsWith({ terms: { sessionTypes: ['semester'] } });

describe('resolveClassTerm', () => {
  it.each([
    ['one semester → that semester', ['s1'], perSession, 's1', undefined],
    ['grading period → nearest term-type parent', ['gp1'], perSession, 's1', undefined],
    ['two semesters → the school year containing both', ['s1', 's2'], perSession, 'sy', undefined],
    ['two semesters, school year not a term type → earliest + span', ['s1', 's2'], semestersOnly, 's1', { startDate: '2024-08-15', endDate: '2025-06-14' }],
    ['school-year strategy → sy-<schoolYear>', ['s1'], settingsWith({ terms: { strategy: 'school-year' } }), 'sy-2025', undefined],
    ['school-year strategy, grading period → its school year', ['gp1'], settingsWith({ terms: { strategy: 'school-year' } }), 'sy-2025', undefined],
  ])('%s', (_rule, terms, settings, termId, span) => {
    const result = resolveClassTerm(cls(terms), districtContext(), settings);
    expect(result).toMatchObject({ kind: 'resolved', termId });
    expect(result.kind === 'resolved' && result.span).toEqual(span ?? undefined);
  });

  it('waits for an unknown term', () => {
    expect(resolveClassTerm(cls(['t-9']), districtContext(), perSession)).toEqual({
      kind: 'missing',
      missing: [{ type: 'academicSession', sourcedId: 't-9', via: 'term of class c' }],
    });
  });

  it('waits for the unknown parent of a grading period', () => {
    const ctx = districtContext((r) => r.academicSessions.push(session('gp9', 'gradingPeriod', '2024-08-15', '2024-10-01', { parent: { sourcedId: 's9', type: 'academicSession' } })));
    expect(resolveClassTerm(cls(['gp9']), ctx, perSession)).toMatchObject({
      kind: 'missing',
      missing: [{ type: 'academicSession', sourcedId: 's9', via: 'parent session of term gp9 of class c' }],
    });
  });

  it('a grading period without any term-type ancestor cannot be mapped, and says which setting fixes it', () => {
    const ctx = districtContext((r) => r.academicSessions.push(session('gp0', 'gradingPeriod', '2024-08-15', '2024-10-01')));
    expect(resolveClassTerm(cls(['gp0']), ctx, perSession)).toEqual({
      kind: 'unmappable',
      problem: 'has term gp0 of type gradingPeriod, and neither it nor a parent session is of a type in terms.sessionTypes (schoolYear, semester, term); add gradingPeriod to terms.sessionTypes',
    });
  });
});
