import { projectClass, projectCourse } from './course.mapper';
import { MissingParentsError } from './dependencies';
import { ProvisioningMappingError } from './provisioning-mapping.error';
import { course, districtContext, klass, session, settingsWith } from './testing/records';

const cls1 = () => klass('cls-1', { course: 'crs-1', school: 'sch-1', terms: ['s1'] }, { title: 'Algebra I - P1', classCode: 'ALG1-P1' });
const perClass = settingsWith({ timeZone: 'America/Chicago' });
const consolidated = settingsWith({ courses: { strategy: 'sections-under-course' } });
const byType = (projections: ReturnType<typeof projectClass>) => Object.fromEntries(projections.map((p) => [p.type, p]));

describe('projectClass, course-per-class', () => {
  it('course_id = section_id = class sourcedId, account = school, term per strategy, names from settings', () => {
    const { course: c, section: s } = byType(projectClass(cls1(), districtContext(), perClass));
    expect(c).toMatchObject({
      sisId: 'cls-1', op: 'upsert', schoolSourcedId: 'sch-1',
      row: { course_id: 'cls-1', short_name: 'ALG1-P1', long_name: 'Algebra I - P1', account_id: 'sch-1', term_id: 's1', status: 'active' },
    });
    expect(c.row).not.toHaveProperty('start_date');
    expect(s).toMatchObject({ sisId: 'cls-1', op: 'upsert', row: { section_id: 'cls-1', course_id: 'cls-1', name: 'Algebra I - P1', status: 'active' } });
    expect(c.sources).toEqual([
      { type: 'class', sourcedId: 'cls-1' }, { type: 'course', sourcedId: 'crs-1' }, { type: 'org', sourcedId: 'sch-1' }, { type: 'academicSession', sourcedId: 's1' },
    ]);
  });

  it.each([
    ['classCode, falling back to classTitle', { shortName: ['classCode', 'classTitle'] }, { classCode: undefined }, 'short_name', 'Algebra I - P1'],
    ['courseTitle', { longName: ['courseTitle'] }, {}, 'long_name', 'Algebra I'],
    ['courseCode', { shortName: ['courseCode'] }, {}, 'short_name', 'ALG1'],
    ['classTitle', { shortName: ['classTitle'] }, {}, 'short_name', 'Algebra I - P1'],
  ])('names: %s', (_rule, naming, classChange, column, expected) => {
    const settings = settingsWith({ courses: naming });
    const { course: c } = byType(projectClass({ ...cls1(), ...classChange }, districtContext(), settings));
    expect((c.row as unknown as Record<string, string>)[column]).toBe(expected);
  });

  it('section names follow courses.sectionName', () => {
    const { section: s } = byType(projectClass(cls1(), districtContext(), settingsWith({ courses: { sectionName: ['classCode'] } })));
    expect(s.row).toMatchObject({ name: 'ALG1-P1' });
  });

  it('publish=true creates published courses', () => {
    const { course: c } = byType(projectClass(cls1(), districtContext(), settingsWith({ courses: { publish: true } })));
    expect(c.row).toMatchObject({ status: 'published' });
  });

  it('a class spanning terms with no shared Canvas term keeps the earliest and opens for the whole span', () => {
    const settings = settingsWith({ timeZone: 'America/Chicago', terms: { sessionTypes: ['semester'] } });
    const { course: c } = byType(projectClass({ ...cls1(), terms: [{ sourcedId: 's2', type: 'academicSession' }, { sourcedId: 's1', type: 'academicSession' }] }, districtContext(), settings));
    expect(c.row).toMatchObject({ term_id: 's1', start_date: '2024-08-15T00:00:00-05:00', end_date: '2025-06-13T23:59:59-05:00' });
  });

  it('school-year strategy puts the course in sy-<year>', () => {
    const { course: c } = byType(projectClass(cls1(), districtContext(), settingsWith({ terms: { strategy: 'school-year' } })));
    expect(c.row).toMatchObject({ term_id: 'sy-2025' });
  });

  it('tobedeleted class → deleted course and section, even when nothing else is known', () => {
    const ctx = districtContext((r) => { r.courses = []; r.orgs = []; r.academicSessions = []; });
    const { course: c, section: s } = byType(projectClass({ ...cls1(), status: 'tobedeleted' }, ctx, perClass));
    expect(c).toMatchObject({ op: 'delete', row: { course_id: 'cls-1', status: 'deleted', short_name: 'ALG1-P1' } });
    expect(s).toMatchObject({ op: 'delete', row: { section_id: 'cls-1', course_id: 'cls-1', status: 'deleted' } });
  });

  it('an active class with an unknown course throws MissingParentsError naming what it waits for', () => {
    const ctx = districtContext((r) => { r.courses = []; });
    expect(() => projectClass(cls1(), ctx, perClass)).toThrow(MissingParentsError);
    expect(() => projectClass(cls1(), ctx, perClass)).toThrow('tenant acme: class cls-1 waits for course crs-1 (not yet received)');
  });

  it('a class whose term cannot map to a Canvas term is a permanent mapping error', () => {
    const ctx = districtContext((r) => r.academicSessions.push(session('gp0', 'gradingPeriod', '2024-08-15', '2024-10-01')));
    const cls = { ...cls1(), terms: [{ sourcedId: 'gp0', type: 'academicSession' as const }] };
    expect(() => projectClass(cls, ctx, perClass)).toThrow(ProvisioningMappingError);
  });
});

describe('projectClass, sections-under-course', () => {
  const cls2 = () => klass('cls-2', { course: 'crs-1', school: 'sch-1', terms: ['s1'] }, { title: 'Algebra I - P2' });
  const withTwoClasses = () => districtContext((r) => r.classes.push(cls2()));

  it('one course per course × term × school; each class is a section in it', () => {
    const a = byType(projectClass(cls1(), withTwoClasses(), consolidated));
    const b = byType(projectClass(cls2(), withTwoClasses(), consolidated));
    expect(a.course.sisId).toBe('crs-1~s1~sch-1');
    expect(b.course).toEqual({ ...a.course, sources: b.course.sources });
    expect(a.course.row).toMatchObject({ short_name: 'ALG1', long_name: 'Algebra I', account_id: 'sch-1', term_id: 's1', status: 'active' });
    expect(a.section.row).toEqual({ section_id: 'cls-1', course_id: 'crs-1~s1~sch-1', name: 'Algebra I - P1', status: 'active' });
    expect(b.section.row).toEqual({ section_id: 'cls-2', course_id: 'crs-1~s1~sch-1', name: 'Algebra I - P2', status: 'active' });
  });

  it('classes in different terms or schools get different courses', () => {
    const otherTerm = klass('cls-3', { course: 'crs-1', school: 'sch-1', terms: ['s2'] });
    const otherSchool = klass('cls-4', { course: 'crs-1', school: 'sch-2', terms: ['s1'] });
    expect(byType(projectClass(otherTerm, districtContext(), consolidated)).course.sisId).toBe('crs-1~s2~sch-1');
    expect(byType(projectClass(otherSchool, districtContext((r) => r.orgs.push({ ...r.orgs[1], sourcedId: 'sch-2' })), consolidated)).course.sisId).toBe('crs-1~s1~sch-2');
  });

  it('deleting one class deletes its section but keeps the course while another class uses it', () => {
    const { course: c, section: s } = byType(projectClass({ ...cls1(), status: 'tobedeleted' }, withTwoClasses(), consolidated));
    expect(s).toMatchObject({ op: 'delete', row: { status: 'deleted', course_id: 'crs-1~s1~sch-1' } });
    expect(c).toMatchObject({ op: 'upsert', row: { status: 'active' } });
  });

  it('deleting the last class deletes the consolidated course', () => {
    const { course: c } = byType(projectClass({ ...cls1(), status: 'tobedeleted' }, districtContext(), consolidated));
    expect(c).toMatchObject({ sisId: 'crs-1~s1~sch-1', op: 'delete', row: { status: 'deleted' } });
  });
});

describe('projectCourse', () => {
  it('re-projects the Canvas courses of its ready classes with the new title', () => {
    const settings = settingsWith({ courses: { longName: ['courseTitle'] } });
    const waiting = klass('cls-9', { course: 'crs-1', school: 'sch-1', terms: ['unknown'] });
    const ctx = districtContext((r) => r.classes.push(waiting));
    const projections = projectCourse(course('crs-1', { title: 'Algebra One' }), ctx, settings);
    expect(projections.map((p) => `${p.type}:${p.sisId}`)).toEqual(['course:cls-1', 'section:cls-1']);
    expect(projections[0].row).toMatchObject({ long_name: 'Algebra One' });
  });

  it('emits a consolidated course once even when several classes share it', () => {
    const ctx = districtContext((r) => r.classes.push(klass('cls-2', { course: 'crs-1', school: 'sch-1', terms: ['s1'] })));
    const keys = projectCourse(course('crs-1'), ctx, consolidated).map((p) => `${p.type}:${p.sisId}`);
    expect(keys).toEqual(['course:crs-1~s1~sch-1', 'section:cls-1', 'section:cls-2']);
  });
});
