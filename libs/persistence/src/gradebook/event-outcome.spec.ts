import { eventOutcome, UNCHANGED_REASON } from './event-outcome';

const decided = { outcome: 'decided' as const, reason: null };
const sent = { status: 'sent' as const, reason: null };
const unchanged = { status: 'sent' as const, reason: UNCHANGED_REASON };

describe('eventOutcome: one outcome per Live Event', () => {
  it.each<[string, Parameters<typeof eventOutcome>[0], Parameters<typeof eventOutcome>[1], ReturnType<typeof eventOutcome>]>([
    ['ignored by the processor', { outcome: 'ignored', reason: 'not about grades' }, [], { outcome: 'ignored', reason: 'not about grades' }],
    ['refused (invalid body)', { outcome: 'refused', reason: 'body.assignment_id is missing' }, [], { outcome: 'refused', reason: 'body.assignment_id is missing' }],
    ['failed while deciding', { outcome: 'failed', reason: 'Canvas 404' }, [], { outcome: 'failed', reason: 'Canvas 404' }],
    ['lineItem and result written', decided, [sent, sent], { outcome: 'written', reason: '2 lineItem/result(s) in IC' }],
    ['IC already had both', decided, [unchanged, unchanged], { outcome: 'unchanged', reason: 'IC already had it' }],
    ['lineItem unchanged, result written', decided, [unchanged, sent], { outcome: 'written', reason: '2 lineItem/result(s) in IC' }],
    ['result waiting for its lineItem', decided, [sent, { status: 'waiting', reason: 'waiting for its lineItem' }], { outcome: 'waiting', reason: 'waiting for its lineItem' }],
    ['grade hidden in Canvas', decided, [{ status: 'held', reason: 'not posted' }], { outcome: 'waiting', reason: 'not posted' }],
    ['student dropped', decided, [sent, { status: 'skipped', reason: 'dropped' }], { outcome: 'ignored', reason: 'dropped' }],
    ['lineItem refused', decided, [{ status: 'refused', reason: 'no due date' }, { status: 'skipped', reason: 'its lineItem was not written' }], { outcome: 'refused', reason: 'no due date' }],
    ['write dead-lettered', decided, [{ status: 'failed', reason: 'dead-lettered: …' }, { status: 'waiting', reason: 'x' }], { outcome: 'failed', reason: 'dead-lettered: …' }],
    ['decided, nothing to do', { outcome: 'decided', reason: 'the group has no assignment' }, [], { outcome: 'ignored', reason: 'the group has no assignment' }],
    ['its grade row replaced later', decided, [undefined], { outcome: 'ignored', reason: 'the grade was recorded again by a later event (see the grade)' }],
  ])('%s', (_what, recorded, grades, expected) => {
    expect(eventOutcome(recorded, grades)).toEqual(expected);
  });
});
