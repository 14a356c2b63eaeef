import { Command } from 'commander';
import { parseCsv } from '@rp/testing';
import { LoaderPlan, LoaderPlanDecisionError, LoaderPlanItem, LoaderPlanStaleError } from '@rp/persistence';
import type { OpsContext } from '../ops-context';
import { UserError } from '../ops-errors';
import { formatPlan, PlanStore, registerPlansCommands } from './plans.command';

const plan = (o: Partial<LoaderPlan> = {}): LoaderPlan => ({
  id: '4e6c8513-3653-46a7-bccb-793670211bc9', tenant: 'acme', status: 'held', createdAt: new Date('2026-11-28T10:00:00Z'),
  decidedAt: null, decidedBy: null, itemCount: 3, kind: 'gate', syncRun: null,
  summary: {
    items: 3,
    counts: [{ canvasType: 'enrollment', school: 'S1', destructive: 3, applied: 10 }, { canvasType: 'user', school: 'S2', destructive: 1, applied: 90 }],
    exceeded: [{ canvasType: 'enrollment', school: 'S1', destructive: 3, applied: 10, limit: '10% of 10 (minimum 3)' }],
  },
  ...o,
});
const item = (sisId: string): LoaderPlanItem => ({ canvasType: 'enrollment', sisId, school: 'S1', op: 'delete', hash: 'h', row: { status: 'deleted' } });

function harness(store: Partial<PlanStore>, json = false) {
  const printed: unknown[] = [];
  const ctx = { json, out: (value: unknown, human?: string | ((v: unknown) => string)) => printed.push(json || !human ? value : typeof human === 'string' ? human : human(value)) } as unknown as OpsContext;
  const program = new Command('ops').exitOverride();
  registerPlansCommands(program, ctx, async () => store as PlanStore);
  return { printed, run: (...args: string[]) => program.parseAsync(['node', 'ops', ...args]) };
}

describe('ops plans', () => {
  it('shows counts per type and school, marks the groups over threshold and pages the rows', () => {
    const text = formatPlan({ plan: plan(), items: [item('C1:U1:student'), item('C1:U2:student')], offset: 0, limit: 2 });
    expect(text).toContain('tenant acme  held');
    expect(text).toMatch(/enrollment\s+S1\s+3\s+10\s+yes/);
    expect(text).toMatch(/user\s+S2\s+1\s+90\s*$/m);
    expect(text).toContain('rows 1-2 of 3:');
    expect(text).toContain('C1:U2:student');
    expect(text).toContain('(next page: --offset 2)');
  });

  it('says that a blackout, not a threshold, held the plan', () => {
    const held = plan({ summary: { items: 3, counts: [], exceeded: [], blackout: '2027-01-04..2027-01-08 (holdDestructive: exam week)' } });
    expect(formatPlan({ plan: held, items: [], offset: 0, limit: 2 })).toContain("held because the tenant's blackout 2027-01-04..2027-01-08 (holdDestructive: exam week) was in force");
  });

  it("says how many of a group's destructive rows the run's earlier batches already applied", () => {
    const split = plan({ summary: { items: 3, counts: [{ canvasType: 'enrollment', school: 'S7', destructive: 7, applied: 40, earlierInRun: 4 }], exceeded: [] } });
    expect(formatPlan({ plan: split, items: [], offset: 0, limit: 2 })).toMatch(/enrollment\s+S7\s+7 \(4 applied by earlier batches of the run\)\s+40/);
  });

  it('approves with the operator name and lists with filters', async () => {
    const approve = jest.fn(async (id: string, by: string) => plan({ id, status: 'approved', decidedBy: by }));
    const list = jest.fn(async () => [plan()]);
    const { printed, run } = harness({ approve, list });
    await run('plans', 'approve', 'p-1', '--by', 'jane');
    expect(approve).toHaveBeenCalledWith('p-1', 'jane');
    expect(printed[0]).toBe('plan p-1 (tenant acme) approved by jane; the loader imports its 3 row(s) at its next tick');
    await run('plans', 'list', '--tenant', 'acme', '--status', 'held');
    expect(list).toHaveBeenCalledWith({ tenant: 'acme', status: 'held' });
    expect(printed[1]).toMatch(/enrollment@S1 3\/10/);
  });

  it('turns a decision on a decided plan into an operator error, and refuses unknown statuses', async () => {
    const reject = jest.fn(async () => {
      throw new LoaderPlanDecisionError(plan({ status: 'approved', decidedBy: 'jane' }), 'rejected');
    });
    const { run } = harness({ reject });
    await expect(run('plans', 'reject', 'p-1')).rejects.toThrow(UserError);
    await expect(run('plans', 'reject', 'p-1')).rejects.toThrow(/already approved by jane/);
    await expect(run('plans', 'list', '--status', 'pending')).rejects.toThrow(/--status must be one of held, approved, rejected, applied/);
  });

  it('prints the plan and its page as JSON with --json', async () => {
    const { printed, run } = harness({ get: async () => plan(), items: async () => [item('C1:U1:student')] }, true);
    await run('plans', 'show', 'p-1', '--limit', '1');
    expect(printed[0]).toEqual(expect.objectContaining({ plan: expect.objectContaining({ tenant: 'acme' }), items: [item('C1:U1:student')], offset: 0, limit: 1 }));
  });

  it('exports every row of a plan as CSV, marking the groups over threshold; a row with commas and quotes survives', async () => {
    const rows = [item('C1:U1:student'), item('C1:U2:student'), { ...item('U9'), canvasType: 'user', school: 'S2', row: { user_id: 'U9', status: 'deleted', full_name: 'Nine, "N"' } }];
    const items = jest.fn(async (_id: string, page: { offset?: number; limit?: number } = {}) => rows.slice(page.offset ?? 0, (page.offset ?? 0) + (page.limit ?? 100)));
    const { printed, run } = harness({ get: async () => plan(), items });
    await run('plans', 'export', 'p-1');
    const [header, ...lines] = parseCsv(printed[0] as string);
    expect(header).toEqual(['plan_id', 'tenant', 'plan_status', 'object_type', 'sis_id', 'school', 'change', 'over_threshold', 'row']);
    expect(lines.map((l) => l.slice(3, 8))).toEqual([
      ['enrollment', 'C1:U1:student', 'S1', 'deleted', 'yes'], ['enrollment', 'C1:U2:student', 'S1', 'deleted', 'yes'], ['user', 'U9', 'S2', 'deleted', 'no'],
    ]);
    expect(JSON.parse(lines[2][8])).toEqual({ user_id: 'U9', status: 'deleted', full_name: 'Nine, "N"' });
    expect(lines[0].slice(0, 3)).toEqual(['4e6c8513-3653-46a7-bccb-793670211bc9', 'acme', 'held']);
  });

  it('shows a preview per type and school: creates, updates and drops with samples', () => {
    const preview = plan({
      kind: 'preview', syncRun: 'run-p',
      summary: { counts: [], exceeded: [], items: 3, preview: { runId: 'run-p', groups: [
        { canvasType: 'enrollment', school: 'S2', creates: 0, updates: 0, drops: 2, samples: { creates: [], updates: [], drops: ['C1:U1:student', 'C1:U2:student'] } },
        { canvasType: 'user', school: 'S1', creates: 1, updates: 0, drops: 0, samples: { creates: ['U9'], updates: [], drops: [] } },
      ] } },
    });
    const text = formatPlan({ plan: preview, items: [], offset: 0, limit: 50 });
    expect(text).toContain('preview of plan-only run run-p (nothing applied)');
    expect(text).toMatch(/enrollment\s+S2\s+0\s+0\s+2\s+drops: C1:U1:student C1:U2:student/);
    expect(text).toMatch(/user\s+S1\s+1\s+0\s+0\s+creates: U9/);
  });

  it('discards a preview with the operator name; a stale preview cannot be approved', async () => {
    const discard = jest.fn(async (id: string, by: string) => plan({ id, kind: 'preview', status: 'discarded', decidedBy: by }));
    const approve = jest.fn(async () => {
      throw new LoaderPlanStaleError(plan({ kind: 'preview', syncRun: 'run-p' }), 'run-q');
    });
    const { printed, run } = harness({ discard, approve });
    await run('plans', 'discard', 'p-1', '--by', 'jane');
    expect(discard).toHaveBeenCalledWith('p-1', 'jane');
    expect(printed[0]).toMatch(/discarded by jane; Canvas is unchanged/);
    await expect(run('plans', 'approve', 'p-1')).rejects.toThrow(UserError);
    await expect(run('plans', 'approve', 'p-1')).rejects.toThrow(/run run-q started after plan .* run run-p/);
  });
});
