import type { Enrollment } from '@rp/oneroster';
import { blockedMessage, deletedParentOf } from './deleted-parent';
import { districtContext, enrollment, klass, settingsWith, user } from './testing/records';
import type { DistrictRecords } from './testing/records';

const deleteClass = (r: DistrictRecords) => (r.classes = [klass('cls-1', { course: 'crs-1', school: 'sch-1', terms: ['s1'] }, { status: 'tobedeleted' })]);
const deleteUser = (r: DistrictRecords) => (r.users = [user('stu-1', undefined, { status: 'tobedeleted' })]);
const deleteBoth = (r: DistrictRecords) => { deleteClass(r); deleteUser(r); };
const stu = (extra: Partial<Enrollment> = {}) => enrollment('e-1', { user: 'stu-1', class: 'cls-1' }, extra);

describe('deletedParentOf', () => {
  it.each<[string, Partial<Enrollment>, (r: DistrictRecords) => void, string | undefined]>([
    ['active enrollment, class and user active', {}, () => undefined, undefined],
    ['active enrollment of a deleted class', {}, deleteClass, 'class:cls-1'],
    ['active enrollment of a deleted user', {}, deleteUser, 'user:stu-1'],
    ['class and user deleted: the class is named', {}, deleteBoth, 'class:cls-1'],
    ['enrollment tobedeleted itself: dropped for its own reason', { status: 'tobedeleted' }, deleteClass, undefined],
    ['enrollment ended: dropped for its own reason', { endDate: '2024-09-01' }, deleteClass, undefined],
    ['enrollment ends later: still blocked', { endDate: '2025-01-01' }, deleteUser, 'user:stu-1'],
  ])('%s → %s', (_, extra, change, expected) => {
    const parent = deletedParentOf({ kind: 'enrollment', record: stu(extra) }, districtContext(change), settingsWith());
    expect(parent ? `${parent.type}:${parent.sourcedId}` : undefined).toBe(expected);
  });

  it('names no parent for anything but enrollments', () => {
    expect(deletedParentOf({ kind: 'user', record: user('stu-1') }, districtContext(deleteClass), settingsWith())).toBeUndefined();
  });

  it('says what blocks it, that Canvas never had it and what releases it', () => {
    expect(blockedMessage('acme', { kind: 'enrollment', sourcedId: 'e-1' }, { type: 'class', sourcedId: 'cls-1' })).toBe(
      'tenant acme: enrollment e-1 is blocked by deleted class cls-1 (tobedeleted in IC) and was never in Canvas, so nothing is sent for it; ' +
        'it is provisioned if the class becomes active again',
    );
  });
});
