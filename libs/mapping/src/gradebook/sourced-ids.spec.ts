import { validate, version } from 'uuid';
import {
  GRADEBOOK_ID_NAMESPACE,
  courseGradeLineItemSourcedId,
  lineItemSourcedId,
  localCanvasId,
  resultSourcedId,
} from './sourced-ids';

const FROZEN = {
  lineItemAcme371: '8c74d53b-a8a9-569b-97dd-ef80d02a2244',
  lineItemGlobex371: '269538cc-8aaa-5962-812a-1acf50bab841',
  lineItemAcme371Class2: '38d1f1f7-b1f0-5dbc-addf-2636b5851c8e',
  resultStudent1: '5c6ed33e-0bb7-5734-9a28-828cc3d33d29',
  resultStudent2: '5cc3c414-2465-531b-8219-495bd88c5296',
  courseGradeQ1: 'b1041f85-705b-5654-99ea-bcbfb78963cb',
  courseGradeQ2: '95708a35-8651-579a-9677-d444d09dc5ad',
};

// Frozen values: if any of these change, every id already written to a district's IC gradebook is orphaned.
describe('deterministic gradebook sourcedIds', () => {
  it('keeps the namespace fixed', () => {
    expect(GRADEBOOK_ID_NAMESPACE).toBe('21db259a-4776-495a-9520-cc31e416befa');
  });

  it.each([
    ['acme', '371', undefined, FROZEN.lineItemAcme371],
    ['acme', '21070000000000371', undefined, FROZEN.lineItemAcme371], // global Live Event id = same assignment
    ['globex', '371', undefined, FROZEN.lineItemGlobex371],
    ['acme', '371', 'class-2', FROZEN.lineItemAcme371Class2],
  ])('lineItem %s/%s/%s', (tenant, assignment, cls, expected) => {
    expect(lineItemSourcedId(tenant, assignment, cls)).toBe(expected);
  });

  it.each([
    [FROZEN.lineItemAcme371, 'student-1', FROZEN.resultStudent1],
    [FROZEN.lineItemAcme371, 'student-2', FROZEN.resultStudent2],
  ])('result %s/%s', (lineItem, student, expected) => {
    expect(resultSourcedId(lineItem, student)).toBe(expected);
  });

  it.each([
    ['acme', 'class-1', 'gp-q1', FROZEN.courseGradeQ1],
    ['acme', 'class-1', 'gp-q2', FROZEN.courseGradeQ2],
  ])('course grade %s/%s/%s', (tenant, cls, period, expected) => {
    expect(courseGradeLineItemSourcedId(tenant, cls, period)).toBe(expected);
  });

  it('produces distinct, valid v5 UUIDs for distinct keys', () => {
    const ids = [
      lineItemSourcedId('acme', '371'),
      lineItemSourcedId('acme', '372'),
      lineItemSourcedId('globex', '371'),
      lineItemSourcedId('acme', '371', 'class-1'),
      resultSourcedId(lineItemSourcedId('acme', '371'), 's1'),
      courseGradeLineItemSourcedId('acme', 'class-1', 'gp-1'),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(5);
    }
  });

  it.each([
    ['21070000000000565', '565'],
    ['210700000000101907', '101907'],
    ['642', '642'],
    [565, '565'],
    ['sis_assignment_id:X', 'sis_assignment_id:X'],
  ])('localCanvasId(%s) = %s', (input, expected) => {
    expect(localCanvasId(input)).toBe(expected);
  });
});
