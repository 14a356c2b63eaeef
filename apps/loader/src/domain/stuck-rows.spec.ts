import { stuckRows } from './stuck-rows';

const enrollment = (user: string, section: string) => ({ canvasType: 'enrollment', sisId: `${section}:${user}`, row: { user_id: user, section_id: section, course_id: section } });
const section = (id: string, course: string) => ({ canvasType: 'section', sisId: id, row: { section_id: id, course_id: course } });

describe('stuckRows', () => {
  it.each<[string, string[], string[], string[]]>([
    ['its user is applied and its section can still be sent', ['user|u1', 'course|C1'], ['section|C1'], []],
    ['its user never arrived', ['course|C1', 'section|C1'], [], ['enrollment|C1:u1']],
    ['its user failed or is held (neither applied nor sendable)', ['course|C1', 'section|C1'], [], ['enrollment|C1:u1']],
    ['everything it needs is applied (it goes out with the next batch)', ['user|u1', 'section|C1', 'course|C1'], [], []],
  ])('an enrollment waits, not stuck unless a reference is missing: %s', (_, applied, sendable, expected) => {
    const stuck = stuckRows([enrollment('u1', 'C1')], (k) => applied.includes(k), (k) => sendable.includes(k));
    expect([...stuck]).toEqual(expected);
  });

  it('follows chains: a section stuck on a missing course makes its enrollments stuck although the section is pending', () => {
    const rows = [enrollment('u1', 'C9'), section('C9', 'C9')];
    const stuck = stuckRows(rows, (k) => k === 'user|u1', (k) => k === 'section|C9');
    expect([...stuck].sort()).toEqual(['enrollment|C9:u1', 'section|C9']);
  });

  it('keeps a chain alive while its root can still be sent', () => {
    const rows = [enrollment('u1', 'C9'), section('C9', 'C9')];
    const stuck = stuckRows(rows, (k) => k === 'user|u1', (k) => k === 'section|C9' || k === 'course|C9');
    expect(stuck.size).toBe(0);
  });
});
