import { formatWhy } from './why-format';
import { whyOf } from './why.query';
import type { AppliedFact, DeadLetterFact, EntityFact, OutcomeFact, ParkedFact, PendingFact, SnapshotFact, WhyReaders } from './why.ports';

const T = new Date('2026-12-07T10:00:00Z');
const org = { sourcedId: 'sch-1', type: 'org' };
const user = (id: string, role: string, projections: EntityFact['projections']): EntityFact => ({
  type: 'user', sourcedId: id, deleted: false, updated: T, projections,
  record: { sourcedId: id, status: 'active', enabledUser: true, givenName: 'A', familyName: 'B', username: id, roles: [{ roleType: 'primary', role, org }], primaryOrg: org },
});
const enrollment = (id: string, userId: string, deleted: boolean, projections: EntityFact['projections']): EntityFact => ({
  type: 'enrollment', sourcedId: id, deleted, updated: T, projections,
  record: { sourcedId: id, status: deleted ? 'tobedeleted' : 'active', role: 'student', user: { sourcedId: userId }, class: { sourcedId: 'cls-1' }, school: org },
});
const snapshot = (entityType: string, sourcedId: string, deleted = false): SnapshotFact => ({
  entityType, sourcedId, deleted, lastSeenRun: 'full-20261207', readAt: T, run: { kind: 'full', status: 'finished', finishedAt: T },
});
const outcome = (o: Partial<OutcomeFact>): OutcomeFact => ({
  outcomeKey: 'res-1', kind: 'result', status: 'sent', reason: null, classSourcedId: 'cls-1', studentSourcedId: 'stu-1', lineItemSourcedId: 'li-1',
  resultSourcedId: 'res-1', canvasCourseId: '101', canvasAssignmentId: '555', canvasUserId: '77', canvasEventTime: T, updatedAt: T, ...o,
});

/** One district's facts in memory; each reader answers the way its PostgreSQL or Kafka reader does. */
function readers(facts: { snapshots?: SnapshotFact[]; entities?: EntityFact[]; parked?: ParkedFact[]; pending?: PendingFact[]; applied?: AppliedFact[]; outcomes?: OutcomeFact[]; deadLetters?: DeadLetterFact[] }, mapping: Record<string, unknown> = {}): WhyReaders {
  const inKeys = (keys: readonly { canvasType: string; sisId: string }[], id: string) => (r: { canvasType: string; sisId: string }) =>
    r.sisId === id || keys.some((k) => k.canvasType === r.canvasType && k.sisId === r.sisId);
  return {
    mappingSettings: async () => mapping,
    snapshots: { snapshots: async (_t, ids) => (facts.snapshots ?? []).filter((s) => ids.includes(s.sourcedId)) },
    transformer: {
      entities: async (_t, id) => (facts.entities ?? []).filter((e) => e.sourcedId === id || e.projections.some((p) => p.sisId === id)),
      parked: async (_t, ids) => (facts.parked ?? []).filter((p) => ids.includes(p.sourcedId)),
    },
    loader: { rows: async (_t, id, keys) => ({ pending: (facts.pending ?? []).filter(inKeys(keys, id)), applied: (facts.applied ?? []).filter(inKeys(keys, id)) }) },
    gradebook: { outcomes: async (_t, id) => (facts.outcomes ?? []).filter((o) => [o.outcomeKey, o.lineItemSourcedId, o.resultSourcedId].includes(id)) },
    deadLetters: { deadLetters: async (_t, ids) => (facts.deadLetters ?? []).filter((d) => ids.some((id) => d.key?.split('|').includes(id))) },
  };
}

const district = readers({
  snapshots: [snapshot('user', 'stu-1'), snapshot('enrollment', 'enr-2', true), snapshot('user', 'guardian-1'), snapshot('user', 'stu-3'), snapshot('enrollment', 'enr-9')],
  entities: [
    user('stu-1', 'student', [{ type: 'user', sisId: 'stu-1', op: 'upsert', row: { user_id: 'stu-1', login_id: 'stu1@acme', status: 'active' } }]),
    enrollment('enr-9', 'stu-1', false, []),
    enrollment('enr-2', 'stu-2', true, [{ type: 'enrollment', sisId: 'cls-1:stu-2:student', op: 'delete', row: { status: 'deleted' } }]),
    user('guardian-1', 'guardian', []),
    user('stu-3', 'student', [{ type: 'user', sisId: 'stu-3', op: 'upsert', row: { user_id: 'stu-3', login_id: 'taken@acme' } }]),
  ],
  parked: [{ type: 'enrollment', sourcedId: 'enr-9', state: 'waiting', waitingFor: ['class:cls-9'], message: 'tenant acme: enrollment enr-9 waits for class cls-9', since: T }],
  applied: [
    { canvasType: 'user', sisId: 'stu-1', active: true, appliedAt: T, importId: '7', canvasImportId: '1234', approved: false },
    { canvasType: 'enrollment', sisId: 'cls-1:stu-2:student', active: true, appliedAt: T, importId: '6', canvasImportId: '1200', approved: false },
  ],
  pending: [
    { canvasType: 'enrollment', sisId: 'cls-1:stu-2:student', op: 'delete', status: 'pending', attempts: 0, lastError: null, waitingFor: null, receivedAt: T, plan: { id: 'plan-1', status: 'held' } },
    { canvasType: 'user', sisId: 'stu-3', op: 'upsert', status: 'failed', attempts: 3, lastError: 'login_id taken@acme is already in use', waitingFor: null, receivedAt: T },
  ],
  outcomes: [
    outcome({ liveEvent: { name: 'grade_change', key: 'evt-42' } }),
    outcome({ outcomeKey: 'res-2', resultSourcedId: 'res-2', studentSourcedId: 'stu-2', status: 'refused', reason: 'IC refused the score: 422 score 120 exceeds resultValueMax 100' }),
  ],
  deadLetters: [{ topic: 'oneroster.users.dlq', at: '0:12', key: 'acme|stu-bad', error: 'invalid record: missing username', failedAt: '2026-12-07T09:00:00.000Z' }],
});

describe('ops why', () => {
  it.each([
    ['an applied student', 'stu-1', 'applied', /applied in SIS import 1234/],
    ['a parked enrollment', 'enr-9', 'parked', /parked, waiting on class:cls-9/],
    ['a held drop, asked by its OneRoster id', 'enr-2', 'held', /delete held in plan plan-1 \(over the safety threshold\); decide with `ops plans show plan-1`/],
    ['a held drop, asked by its Canvas SIS id', 'cls-1:stu-2:student', 'held', /held in plan plan-1/],
    ['a Canvas-refused row', 'stu-3', 'refused', /refused by Canvas after 3 attempt\(s\): login_id taken@acme is already in use/],
    ['a user filtered by policy', 'guardian-1', 'filtered', /not sent to Canvas by policy: every role of the user is guardian and observers are off \(mapping observers.enabled/],
    ['a written grade', 'res-1', 'grade-written', /Canvas course 101 assignment 555 user 77 \(Live Event grade_change evt-42 of 2026-12-07T10:00:00.000Z\) → IC lineItem li-1, result res-1, student stu-1: written to IC/],
    ['a refused grade', 'res-2', 'grade-refused', /→ IC lineItem li-1, result res-2, student stu-2: refused: IC refused the score: 422 score 120 exceeds resultValueMax 100/],
    ['a dead-lettered record', 'stu-bad', 'dead-lettered', /dead-lettered: invalid record: missing username; see `ops dlq show oneroster.users.dlq 0:12`/],
  ])('%s', async (_, id, state, detail) => {
    const report = await whyOf(district, 'acme', id);
    expect(report.where.map((w) => w.state)).toEqual([state]);
    expect(report.where[0].detail).toMatch(detail);
  });

  it('says when and in which run IC last served the record, and what the mapping made of it with the deciding setting', async () => {
    const report = await whyOf(district, 'acme', 'stu-1');
    expect(report.read).toEqual([{ type: 'user', sourcedId: 'stu-1', readAt: '2026-12-07T10:00:00.000Z', run: 'full-20261207', runKind: 'full', deleted: false }]);
    expect(report.mapping).toEqual([{ type: 'user', sourcedId: 'stu-1', deleted: false, canvas: ['user stu-1 (upsert)'], decidedBy: 'login_id stu1@acme from users.loginId [username]' }]);
    expect(formatWhy(report)).toMatch(/applied\s+canvas user stu-1\s+2026-12-07T10:00:00.000Z\s+applied in SIS import 1234/);
  });

  it('a guardian is no longer filtered once observers are enabled for guardians', async () => {
    const withObservers = readers({ entities: [user('guardian-1', 'guardian', [])] }, { observers: { enabled: true, roles: ['guardian'] } });
    const report = await whyOf(withObservers, 'acme', 'guardian-1');
    expect(report.where.map((w) => w.state)).toEqual(['unknown']);
  });

  it('a held drop of a blackout says so', async () => {
    const blackout = readers({
      pending: [{ canvasType: 'user', sisId: 'stu-4', op: 'delete', status: 'pending', attempts: 0, lastError: null, waitingFor: null, receivedAt: T, plan: { id: 'plan-2', status: 'held', blackout: '2027-01-04..2027-01-08 (holdDestructive: exams)' } }],
    });
    expect((await whyOf(blackout, 'acme', 'stu-4')).where[0].detail).toContain('during the blackout 2027-01-04..2027-01-08 (holdDestructive: exams)');
  });

  it('names what to check when no source knows the id', async () => {
    const report = await whyOf(district, 'acme', 'nobody');
    expect(report.where).toEqual([expect.objectContaining({ state: 'unknown', detail: expect.stringContaining('tenant acme has no record of nobody') })]);
  });
});
