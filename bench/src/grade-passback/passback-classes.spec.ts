import { generateDistrict } from '@rp/fixtures';
import { districtWithClasses, pickClasses } from './passback-classes';
import { PASSBACK_DISTRICT } from './passback.environment';

describe('the grade-passback district', () => {
  it('is PASSBACK_DISTRICT itself when it has the classes asked for (the default 4: earlier runs stay comparable)', () => {
    expect(districtWithClasses(100, 4)).toEqual(generateDistrict({ seed: 100, size: PASSBACK_DISTRICT }));
  });

  it('grows until --classes 30 gets 30 gradable classes of ~25 students (it used to get 4 classes with 9 assignments each)', () => {
    expect(pickClasses('t', generateDistrict({ seed: 100, size: PASSBACK_DISTRICT }), 30)).toHaveLength(4);
    const classes = pickClasses('t', districtWithClasses(100, 30), 30);
    expect(classes).toHaveLength(30);
    for (const c of classes) expect(c.students.length).toBeGreaterThanOrEqual(15);
  });
});
