import { generateDistrict } from '@rp/fixtures';
import { deltaCostChanges, everyNth, nextDay, renameCandidates } from './sis-changes';

describe('delta cost changes', () => {
  it('changes 1 % of records: every hundredth, the same ones on every run', () => {
    const ids = Array.from({ length: 1_000 }, (_, i) => i);
    const picked = everyNth(ids, 1);
    expect(picked).toHaveLength(10);
    expect(picked.slice(0, 3)).toEqual([99, 199, 299]);
    expect(everyNth(ids, 1)).toEqual(picked);
    expect(everyNth(ids, 10)).toHaveLength(100);
    expect(everyNth([1, 2], 1)).toEqual([]); // fewer than 100 records: nothing to change at 1 %
  });

  it('moves an end date one calendar day later, across month and year ends', () => {
    expect(nextDay('2026-06-14')).toBe('2026-06-15');
    expect(nextDay('2026-02-28')).toBe('2026-03-01');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2026-06-14T00:00:00Z')).toBe('2026-06-15');
  });

  const district = generateDistrict({ seed: 1, size: 'small' });

  it('renames only active, enabled students without a preferred first name (Canvas would show that one instead)', () => {
    const ids = renameCandidates(district, 5);
    expect(ids).toHaveLength(5);
    for (const id of ids) {
      const u = district.users.find((x) => x.sourcedId === id)!;
      expect([u.status, u.enabledUser, u.roles[0].role, u.preferredFirstName]).toEqual(['active', true, 'student', undefined]);
    }
  });

  it('changes 1 % of active users, classes and dated enrollments, each in a way Canvas shows', () => {
    const changes = deltaCostChanges(district, 1);
    const of = (kind: string) => changes.filter((c) => c.kind === kind);
    expect(of('users')).toHaveLength(Math.floor(district.users.filter((u) => u.status === 'active').length / 100));
    expect(of('classes')).toHaveLength(Math.floor(district.classes.filter((c) => c.status === 'active').length / 100));
    const enrollment = of('enrollments')[0];
    const before = district.enrollments.find((e) => e.sourcedId === enrollment.sourcedId)!;
    expect(enrollment.patch).toEqual({ endDate: nextDay(before.endDate!) });
    expect(of('classes')[0].patch.title).toMatch(/ \(changed\)$/);
  });
});
