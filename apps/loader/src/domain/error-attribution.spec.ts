import { attributeImportMessages, classifyRowMessage, WrittenRow } from './error-attribution';
import { sisColumnsFor } from './sis-rows';
import { importProgressMessage } from './import-progress';

const written: WrittenRow[] = [
  { file: 'courses.csv', line: 2, key: 'course|C1', sisId: 'C1' },
  { file: 'courses.csv', line: 3, key: 'course|C9', sisId: 'C9' },
  { file: 'users.csv', line: 2, key: 'user|U1', sisId: 'U1' },
  { file: 'enrollments.csv', line: 2, key: 'enrollment|C1:U1:student', sisId: 'C1:U1:student' },
  { file: 'enrollments.csv', line: 3, key: 'enrollment|C1:U2:student', sisId: 'C1:U2:student' },
];

describe('attributeImportMessages', () => {
  it.each([
    ['by file and row number', { file: 'enrollments.csv', row: 3, message: 'User U2 didn\'t exist for user enrollment' }, 'enrollment|C1:U2:student', 'error'],
    ['by the SIS id the message names when Canvas gives no row', { file: 'courses.csv', row: null, message: 'No long_name given for course C9' }, 'course|C9', 'error'],
    ['a remark that does not skip the row is a warning', { file: 'users.csv', row: 2, message: 'user U1 has a SIS stickiness override' }, 'user|U1', 'warning'],
  ])('%s', (_name, message, key, outcome) => {
    const { byEntity, unattributed } = attributeImportMessages(written, [message]);
    expect(unattributed).toEqual([]);
    expect([...byEntity]).toEqual([[key, { outcome, messages: [message.message] }]]);
  });

  it('keeps import-level and ambiguous messages unattributed', () => {
    const messages = [
      { file: 'weird.csv', row: null, message: "Couldn't find Canvas CSV import headers" },
      { file: 'courses.csv', row: null, message: 'Something about C1 and C9' },
    ];
    expect(attributeImportMessages(written, messages).unattributed).toEqual(messages);
  });

  it('classifies Canvas row messages', () => {
    expect(classifyRowMessage('Neither course C1 nor section S1 existed for user enrollment')).toBe('error');
    expect(classifyRowMessage('Improper status for user U9')).toBe('error');
    expect(classifyRowMessage("Parent account didn't exist for S9")).toBe('error');
  });
});

describe('SIS rows', () => {
  it('declares the union of the columns set across the batch, in Canvas order, plus required ones', () => {
    expect(sisColumnsFor('courses', [
      { course_id: 'C1', short_name: 'a', long_name: 'A', status: 'active', term_id: 'T1' },
      { course_id: 'C2', short_name: 'b', long_name: 'B', status: 'active', account_id: 'S1' },
    ])).toEqual(['course_id', 'short_name', 'long_name', 'account_id', 'term_id', 'status']);
    expect(sisColumnsFor('accounts', [{ account_id: 'S1', name: 'S', status: 'active' }])).toEqual(['account_id', 'parent_account_id', 'name', 'status']);
  });

  it('reports progress with an ETA', () => {
    expect(importProgressMessage({ tenant: 'acme', canvasImportId: 12, state: 'importing', progress: 40, rows: 1000, elapsedMs: 4000 }))
      .toBe('tenant acme: import 12 importing 40% (1000 rows, 100 rows/s, about 6 s left)');
  });
});
