import {
  InvalidPassbackSettingsError,
  type PassbackSettings,
  defaultPassbackSettings,
  resolvePassbackSettings,
  schoolTimeZone,
} from './passback-settings';

describe('passback settings', () => {
  it('defaults to the conservative Canvas/IC behaviour', () => {
    expect(resolvePassbackSettings('acme')).toEqual({
      assignmentScope: 'post-to-sis-only',
      categoryFallbackTitle: null,
      courseGradeLineItemTitle: 'Canvas course grade',
      courseGradeCategoryTitle: null,
      courseGradeScore: 'current',
      sendCourseGrades: true,
      titleMaxLength: 50,
      requireDueDate: true,
      requirePoints: true,
      classSource: 'course',
      timeZones: { districtDefault: 'America/Chicago', bySchool: {} },
    });
  });

  it('merges a tenant override without touching the shared defaults', () => {
    const s = resolvePassbackSettings('acme', { titleMaxLength: 30, timeZones: { districtDefault: 'America/Denver', bySchool: { s1: 'America/Phoenix' } } });
    expect([s.titleMaxLength, s.timeZones.districtDefault, s.requireDueDate]).toEqual([30, 'America/Denver', true]);
    s.timeZones.bySchool.s2 = 'UTC';
    expect(defaultPassbackSettings.timeZones.bySchool).toEqual({});
  });

  it.each<[string, Partial<PassbackSettings>, RegExp]>([
    ['unknown scope', { assignmentScope: 'everything' as never }, /assignmentScope must be/],
    ['blank fallback category', { categoryFallbackTitle: '  ' }, /categoryFallbackTitle must be a non-empty title or null/],
    ['title limit 0', { titleMaxLength: 0 }, /titleMaxLength must be an integer from 1 to 255, got 0/],
    ['title limit over 255', { titleMaxLength: 256 }, /titleMaxLength must be an integer from 1 to 255/],
    ['fractional title limit', { titleMaxLength: 30.5 }, /titleMaxLength must be an integer/],
    ['empty course grade title', { courseGradeLineItemTitle: '' }, /courseGradeLineItemTitle must not be empty/],
    ['course grade title over the limit', { titleMaxLength: 10 }, /courseGradeLineItemTitle is longer than titleMaxLength \(10\)/],
    ['unknown course score', { courseGradeScore: 'override' as never }, /courseGradeScore must be 'current' or 'final'/],
    ['unknown class source', { classSource: 'account' as never }, /classSource must be 'course' or 'section'/],
    ['non-boolean flag', { requireDueDate: 'yes' as never }, /requireDueDate must be true or false/],
    ['bad district zone', { timeZones: { districtDefault: 'Central Time', bySchool: {} } }, /districtDefault 'Central Time' is not an IANA time zone/],
    ['bad school zone', { timeZones: { districtDefault: 'UTC', bySchool: { 'school-9': 'Mars/Olympus' } } }, /'Mars\/Olympus' of school school-9/],
  ])('rejects %s with a message naming the tenant and the fix', (_case, input, message) => {
    const attempt = () => resolvePassbackSettings('acme', input);
    expect(attempt).toThrow(InvalidPassbackSettingsError);
    expect(attempt).toThrow(/^tenant acme: invalid grade passback settings: /);
    expect(attempt).toThrow(message);
  });

  it('lists every problem at once', () => {
    try {
      resolvePassbackSettings('acme', { titleMaxLength: -1, courseGradeScore: 'x' as never });
      throw new Error('expected a failure');
    } catch (error) {
      expect((error as InvalidPassbackSettingsError).problems).toHaveLength(2);
    }
  });

  it.each([
    ['school-ny', 'America/New_York'],
    ['school-without-setting', 'America/Chicago'],
  ])('time zone of %s is %s', (school, zone) => {
    const s = resolvePassbackSettings('acme', { timeZones: { districtDefault: 'America/Chicago', bySchool: { 'school-ny': 'America/New_York' } } });
    expect(schoolTimeZone(s, school)).toBe(zone);
  });
});
