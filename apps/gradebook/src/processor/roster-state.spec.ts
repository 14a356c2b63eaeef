import type { CanvasEntityChange } from '@rp/messaging';
import { RosterState } from './roster-state';

const change = (canvasType: CanvasEntityChange['canvasType'], row: Record<string, string>, op: CanvasEntityChange['op'] = 'upsert', tenant = 'acme'): CanvasEntityChange => ({
  tenant, canvasType, sisId: row.section_id ?? row.course_id ?? row.user_id ?? 'x', op, syncRun: 'run-1', contentHash: 'h', school: null, row, sources: [],
});
const enrollment = (row: Record<string, string>, op: CanvasEntityChange['op'] = 'upsert', tenant = 'acme') => change('enrollment', { role: 'student', ...row }, op, tenant);
const course = { classSourcedId: 'crs-1', via: 'course' as const };
const section = { classSourcedId: 'cls-1', via: 'section' as const };

describe('RosterState: the SIS roster kept from the provisioning topics', () => {
  it.each([
    ['an active enrollment', [enrollment({ course_id: 'crs-1', section_id: 'cls-1', user_id: 'stu-1', status: 'active' })], 'active', 'active'],
    ['an inactive one', [enrollment({ course_id: 'crs-1', section_id: 'cls-1', user_id: 'stu-1', status: 'inactive' })], 'inactive', 'inactive'],
    ['a concluded one', [enrollment({ course_id: 'crs-1', section_id: 'cls-1', user_id: 'stu-1', status: 'completed' })], 'completed', 'completed'],
    ['a drop (status deleted)', [enrollment({ course_id: 'crs-1', section_id: 'cls-1', user_id: 'stu-1', status: 'deleted' })], 'deleted', 'deleted'],
    ['a drop (tombstone, section only: its course is known from the section record)',
      [change('section', { section_id: 'cls-1', course_id: 'crs-1', status: 'active' }), enrollment({ section_id: 'cls-1', user_id: 'stu-1', status: 'deleted' }, 'delete')], 'deleted', 'deleted'],
    ['active in another section of the course, dropped from this one',
      [enrollment({ course_id: 'crs-1', section_id: 'cls-2', user_id: 'stu-1', status: 'active' }), enrollment({ course_id: 'crs-1', section_id: 'cls-1', user_id: 'stu-1', status: 'deleted' })], 'active', 'deleted'],
    ['re-enrolled after a drop', [enrollment({ course_id: 'crs-1', section_id: 'cls-1', user_id: 'stu-1', status: 'deleted' }), enrollment({ course_id: 'crs-1', section_id: 'cls-1', user_id: 'stu-1', status: 'active' })], 'active', 'active'],
    ['a teacher enrollment (not kept)', [enrollment({ course_id: 'crs-1', section_id: 'cls-1', user_id: 'stu-1', role: 'teacher', status: 'active' })], undefined, undefined],
    ['another tenant\'s enrollment', [enrollment({ course_id: 'crs-1', section_id: 'cls-1', user_id: 'stu-1', status: 'active' }, 'upsert', 'globex')], undefined, undefined],
    ['nothing said yet', [], undefined, undefined],
  ])('%s → course %s, section %s', (_name, changes, inCourse, inSection) => {
    const roster = new RosterState();
    for (const c of changes) roster.apply(c);
    expect([roster.stateOf('acme', course, 'stu-1'), roster.stateOf('acme', section, 'stu-1')]).toEqual([inCourse, inSection]);
  });

  it.each([
    ['an enrollment', enrollment({ course_id: 'crs-1', section_id: 'cls-1', user_id: 'stu-1', status: 'active' }), { sisCourseId: 'crs-1', classKeys: ['c:crs-1', 's:cls-1'] }],
    ['a course', change('course', { course_id: 'crs-1', status: 'active' }), { sisCourseId: 'crs-1', classKeys: ['c:crs-1'] }],
    ['a section', change('section', { section_id: 'cls-1', course_id: 'crs-1', status: 'active' }), { sisCourseId: 'crs-1', classKeys: ['s:cls-1', 'c:crs-1'] }],
    ['a user (nothing kept)', change('user', { user_id: 'stu-1', status: 'active' }), null],
  ])('says which classes %s changed (their kept Canvas facts are forgotten, their waiting events woken)', (_name, c, expected) => {
    const applied = new RosterState().apply(c);
    expect(applied && { sisCourseId: applied.sisCourseId, classKeys: applied.classKeys }).toEqual(expected);
  });

  it('links Canvas users to SIS users per tenant, ignoring empty ids', () => {
    const roster = new RosterState();
    roster.link('acme', '9', 'stu-9');
    roster.link('acme', '10', null);
    expect([roster.userSisOf('acme', '9'), roster.userSisOf('acme', '10'), roster.userSisOf('globex', '9')]).toEqual(['stu-9', null, null]);
  });
});
