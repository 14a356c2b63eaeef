import type { ProvisioningEntity } from '@rp/mapping';
import { ChangeBodies } from './decode-change';
import { firstLookups, parentLookups, prefetch } from './prefetch';
import { Lookup, lookupKey, Materialised, TenantSnapshot } from './tenant-snapshot';
import { change } from '../testing/records';

const g = (sourcedId: string, type = 'org') => ({ sourcedId, type, href: `/x/${sourcedId}` });

describe('parentLookups: the parents a record names, as the mapping reads them', () => {
  it.each<[string, ProvisioningEntity['kind'], Record<string, unknown>, string[]]>([
    ['an enrollment: its user, class and school', 'enrollment', { sourcedId: 'e1', user: g('u1', 'user'), class: g('c1', 'class'), school: g('s1') },
      ['user:u1', 'class:c1', 'org:s1']],
    ['a class: its course, school and every term', 'class', { sourcedId: 'c1', course: g('k1', 'course'), school: g('s1'), terms: [g('t1', 'academicSession'), g('t2', 'academicSession')] },
      ['org:s1', 'course:k1', 'academicSession:t1', 'academicSession:t2']],
    ['a grading period: its parent session', 'academicSession', { sourcedId: 't1', parent: g('y1', 'academicSession') }, ['academicSession:y1']],
    ['a school: its parent org', 'org', { sourcedId: 's1', parent: g('d1') }, ['org:d1']],
    ['a course: its org and school year', 'course', { sourcedId: 'k1', org: g('s1'), schoolYear: g('y1', 'academicSession') }, ['org:s1', 'academicSession:y1']],
    ['a guardian: the students it observes', 'user', { sourcedId: 'p1', agents: [g('u1', 'user')] }, ['user:u1']],
    ['a record without references', 'org', { sourcedId: 'd1' }, []],
    ['references without a sourcedId are skipped', 'class', { sourcedId: 'c1', course: {}, terms: [null, 'x'] }, []],
  ])('%s', (_case, kind, record, expected) => {
    const keys = parentLookups(kind, record as unknown as ProvisioningEntity['record']).map((l) => (l.kind === 'entity' ? `${l.type}:${l.sourcedId}` : l.kind));
    expect(keys.sort()).toEqual(expected.sort());
  });
});

describe('prefetch', () => {
  const stored = (kind: ProvisioningEntity['kind'], record: Record<string, unknown>): Materialised =>
    ({ entity: { kind, record } as unknown as ProvisioningEntity, deleted: false, projections: [] });
  const db = new Map<string, Materialised>([
    ['class:c1', stored('class', { sourcedId: 'c1', course: g('k1', 'course'), school: g('s1'), terms: [g('t1', 'academicSession')] })],
    ['academicSession:t1', stored('academicSession', { sourcedId: 't1', parent: g('y1', 'academicSession') })],
    ['academicSession:y1', stored('academicSession', { sourcedId: 'y1' })],
    ['course:k1', stored('course', { sourcedId: 'k1' })],
    ['org:s1', stored('org', { sourcedId: 's1', parent: g('d1') })],
    ['org:d1', stored('org', { sourcedId: 'd1' })],
    ['user:u1', stored('user', { sourcedId: 'u1' })],
  ]);

  it('loads a new enrollment\'s parents level by level, each lookup once, so the evaluation finds them all', async () => {
    const snapshot = new TenantSnapshot('acme');
    const loads: string[][] = [];
    const load = async (lookups: Lookup[]) => {
      loads.push(lookups.map(lookupKey));
      const entities = lookups.filter((l): l is Extract<Lookup, { kind: 'entity' }> => l.kind === 'entity');
      snapshot.addEntities(entities, entities.map((l) => db.get(`${l.type}:${l.sourcedId}`)).filter((m): m is Materialised => m !== undefined));
      snapshot.addParked(lookups.filter((l) => l.kind === 'parkedFor'), []);
    };
    const enrollment = { sourcedId: 'e1', status: 'active', user: g('u1', 'user'), class: g('c1', 'class'), school: g('s1') };
    await prefetch(snapshot, firstLookups([change('acme', 'enrollment', enrollment)], new ChangeBodies(), true), load);
    expect(loads[0]).toEqual(expect.arrayContaining(['entity|enrollment:e1', 'parkedFor|enrollment:e1', 'parkedFor|settings:mapping', 'entity|class:c1', 'entity|user:u1', 'entity|org:s1']));
    expect(loads[1].sort()).toEqual(['entity|academicSession:t1', 'entity|course:k1', 'entity|org:d1']);
    expect(loads[2]).toEqual(['entity|academicSession:y1']);
    expect(loads).toHaveLength(3); // y1 and d1 name nothing further
    const view = snapshot.view(new Date());
    for (const key of db.keys()) {
      const [type, id] = key.split(':');
      expect(view.stored(type as ProvisioningEntity['kind'], id)).toBeDefined();
    }
    expect(snapshot.takeMisses()).toEqual([]);
  });

  it('a record that is not JSON is left to the evaluation to report', () => {
    const broken = { ...change('acme', 'user', { sourcedId: 'u9' }), record: '{not json' };
    expect(firstLookups([broken], new ChangeBodies(), false).map(lookupKey)).toEqual(['entity|user:u9', 'parkedFor|user:u9']);
  });
});
