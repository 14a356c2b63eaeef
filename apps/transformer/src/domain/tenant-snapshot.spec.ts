import type { Materialised } from './tenant-snapshot';
import { TenantSnapshot } from './tenant-snapshot';
import { enrollment, klass, user } from '../testing/records';

const m = (entity: Materialised['entity']): Materialised => ({ entity, deleted: false, projections: [] });
const cls = klass('cls-1', { course: 'crs-1', school: 'sch-1', terms: ['s1'] });

describe('TenantSnapshot', () => {
  it('records lookups it has not loaded as misses (answered unknown) and answers them once loaded', () => {
    const snapshot = new TenantSnapshot('acme');
    const view = snapshot.view(new Date());
    expect(view.user('u-1')).toBeUndefined();
    expect(view.classesOfCourse('crs-1')).toEqual([]);
    expect(snapshot.takeMisses()).toEqual([
      { kind: 'entity', type: 'user', sourcedId: 'u-1' },
      { kind: 'classesOfCourse', courseId: 'crs-1' },
    ]);
    snapshot.addEntities([{ kind: 'entity', type: 'user', sourcedId: 'u-1' }], [m({ kind: 'user', record: user('u-1') })]);
    snapshot.addEntities([{ kind: 'classesOfCourse', courseId: 'crs-1' }], [m({ kind: 'class', record: cls })]);
    const again = snapshot.view(new Date());
    expect(again.user('u-1')?.sourcedId).toBe('u-1');
    expect(again.classesOfCourse('crs-1').map((c) => c.sourcedId)).toEqual(['cls-1']);
    expect(again.class('cls-1')).toBe(cls); // loaded through the list: no second query
    expect(snapshot.takeMisses()).toEqual([]);
  });

  it('knows a loaded-but-absent record is unknown without asking again', () => {
    const snapshot = new TenantSnapshot('acme');
    snapshot.addEntities([{ kind: 'entity', type: 'class', sourcedId: 'nope' }], []);
    expect(snapshot.view(new Date()).class('nope')).toBeUndefined();
    expect(snapshot.takeMisses()).toEqual([]);
  });

  it('lets the batch own changes override stored ones in lists', () => {
    const snapshot = new TenantSnapshot('acme');
    const stored = enrollment('e-1', { user: 'u-1', class: 'cls-1' });
    snapshot.addEntities([{ kind: 'enrollmentsOfClass', classId: 'cls-1' }], [m({ kind: 'enrollment', record: stored })]);
    const view = snapshot.view(new Date());
    view.put(m({ kind: 'enrollment', record: { ...stored, status: 'tobedeleted' } }));
    view.put(m({ kind: 'enrollment', record: enrollment('e-2', { user: 'u-1', class: 'cls-1' }) }));
    expect(view.enrollmentsOf('u-1', 'cls-1').map((e) => `${e.sourcedId}:${e.status}`)).toEqual(['e-1:tobedeleted', 'e-2:active']);
    expect(snapshot.view(new Date()).enrollmentsOfClass('cls-1').map((e) => e.status)).toEqual(['active']); // a new view starts clean
  });

  it('answers each list with exactly the loaded entities that match it, whichever lookup loaded them', () => {
    const snapshot = new TenantSnapshot('acme');
    const e1 = enrollment('e-1', { user: 'u-1', class: 'cls-1' });
    const e2 = enrollment('e-2', { user: 'u-2', class: 'cls-1' });
    const e3 = enrollment('e-3', { user: 'u-1', class: 'cls-2' });
    snapshot.addEntities([{ kind: 'enrollmentsOfUser', userId: 'u-1' }], [m({ kind: 'enrollment', record: e1 }), m({ kind: 'enrollment', record: e3 })]);
    snapshot.addEntities([{ kind: 'enrollmentsOfClass', classId: 'cls-1' }], [m({ kind: 'enrollment', record: e1 }), m({ kind: 'enrollment', record: e2 })]);
    const view = snapshot.view(new Date());
    expect(view.enrollmentsOfClass('cls-1').map((e) => e.sourcedId)).toEqual(['e-1', 'e-2']);
    expect(view.enrollmentsOfUser('u-1').map((e) => e.sourcedId)).toEqual(['e-1', 'e-3']);
    expect(view.enrollmentsOf('u-1', 'cls-1').map((e) => e.sourcedId)).toEqual(['e-1']);
    // A change in the batch moves an enrollment to another class: the stored one no longer answers for its old class.
    view.put(m({ kind: 'enrollment', record: { ...e2, class: { sourcedId: 'cls-2', type: 'class' } } }));
    expect(view.enrollmentsOfClass('cls-1').map((e) => e.sourcedId)).toEqual(['e-1']);
    expect(snapshot.takeMisses()).toEqual([]);
    expect(view.enrollmentsOfClass('cls-2').map((e) => e.sourcedId)).toEqual(['e-2']); // not loaded: only the batch's own
    expect(snapshot.takeMisses()).toEqual([{ kind: 'enrollmentsOfClass', classId: 'cls-2' }]);
  });

  it('tracks parking within the batch on top of the stored parked list', () => {
    const snapshot = new TenantSnapshot('acme');
    snapshot.addParked([{ kind: 'parkedFor', ref: 'user:u-1' }], [{ type: 'enrollment', sourcedId: 'e-1', waitingFor: ['user:u-1'], message: 'm' }]);
    const view = snapshot.view(new Date());
    view.setParked('enrollment:e-2', { type: 'enrollment', sourcedId: 'e-2', waitingFor: ['user:u-1'], message: 'm' });
    expect(view.parkedWaitingFor('user:u-1').map((p) => p.sourcedId)).toEqual(['e-1', 'e-2']);
    view.setParked('enrollment:e-1', null);
    expect(view.parkedWaitingFor('user:u-1').map((p) => p.sourcedId)).toEqual(['e-2']);
  });
});
