import { parseCsv } from '@rp/testing';
import type { RunHistoryObject } from '@rp/persistence';
import { fixHintOf, REPORT_COLUMNS, reportStatusOf, runReportCsv, runReportRows } from './run-report';

const at = new Date('2026-12-07T10:00:00Z');
const object = (o: Partial<RunHistoryObject>): RunHistoryObject => ({
  tenant: 'acme', runId: 'run-1', canvasType: 'enrollment', sisId: 'C1:U1:student', outcome: 'error', message: 'm', importId: null, at, ...o,
});

describe('run report', () => {
  it.each([
    ['error', 42, 'refused'],
    ['error', null, 'failed'],
    ['held', null, 'held'],
    ['waiting', null, 'parked'],
    ['rejected', null, 'rejected'],
    ['applied', 42, undefined],
    ['warning', 42, undefined],
  ] as const)('a %s outcome (import %s) reads %s', (outcome, importId, status) => {
    expect(reportStatusOf({ outcome, importId })).toBe(status);
  });

  it.each([
    ['refused', 'Improper role "bogus" for an enrollment', /map the IC role to a Canvas role \(ops tenants update acme --mapping/],
    ['refused', 'the login u1 is already in use by another user', /another Canvas user already has this login/],
    ['refused', 'Section S9 does not exist', /a referenced object is missing in Canvas/],
    ['refused', 'something Canvas never said before', /fix the record in Infinite Campus as the reason says/],
    ['held', 'held in plan p', /ops plans list --tenant acme --status held/],
    ['parked', 'waits for user U9', /ops parked list --tenant acme/],
    ['failed', 'user_id is required', /fix the field named in the reason/],
    ['rejected', 'an operator rejected plan p', /next run holds it again/],
  ] as const)('a %s object with reason "%s" gets a fix hint', (status, reason, hint) => {
    expect(fixHintOf(status, 'acme', reason)).toMatch(hint);
  });

  it('lists the objects that did not reach Canvas, by status, type and SIS id', () => {
    const rows = runReportRows([
      object({ sisId: 'C1:U2:student', outcome: 'held', message: 'held in plan p' }),
      object({ canvasType: 'user', sisId: 'U5', outcome: 'applied', importId: 7 }),
      object({ sisId: 'C1:U9:student', outcome: 'waiting', message: 'waits for user U9' }),
      object({ sisId: 'C1:U1:bogus', outcome: 'error', importId: 7, message: 'Improper role "bogus"' }),
    ]);
    expect(rows.map((r) => `${r.status} ${r.objectType} ${r.sisId}`)).toEqual([
      'held enrollment C1:U2:student', 'parked enrollment C1:U9:student', 'refused enrollment C1:U1:bogus',
    ]);
  });

  it('writes RFC 4180 CSV with the documented columns; reasons with commas and quotes survive a spreadsheet', () => {
    const rows = runReportRows([object({ sisId: 'C1:U1:bogus', importId: 7, message: 'Improper role "bogus", skipped' })]);
    const [header, line, ...rest] = parseCsv(runReportCsv(rows));
    expect(header).toEqual([...REPORT_COLUMNS]);
    expect(rest).toEqual([]);
    expect(Object.fromEntries(header.map((h, i) => [h, line[i]]))).toEqual({
      run_id: 'run-1', tenant: 'acme', status: 'refused', object_type: 'enrollment', sis_id: 'C1:U1:bogus',
      reason: 'Improper role "bogus", skipped', fix_hint: expect.stringMatching(/map the IC role/), canvas_import_id: '7', at: '2026-12-07T10:00:00.000Z',
    });
  });
});
