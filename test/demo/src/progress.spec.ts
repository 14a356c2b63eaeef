import { bar, canvasDone, renderProgress, renderSummary } from './progress';

describe('demo progress', () => {
  it.each([
    [0, 10, '[..........]   0%'],
    [5, 10, '[#####.....]  50%'],
    [10, 10, '[##########] 100%'],
    [15, 10, '[##########] 100%'],
    [0, 0, '[##########] 100%'],
  ])('bar(%i, %i) is %s', (done, total, expected) => {
    expect(bar(done, total, 10)).toBe(expected);
  });

  it('does not count rows beyond what is expected as progress', () => {
    expect(canvasDone({ expected: { users: 10, courses: 4 }, inCanvas: { users: 12, courses: 1 } })).toBe(11);
  });

  it('shows each stage and each Canvas type', () => {
    const lines = renderProgress({ extracted: 120, projected: 90, inCanvas: { users: 5 }, expected: { users: 10, courses: 2 }, elapsedMs: 1000 });
    expect(lines[0]).toContain('120 OneRoster records');
    expect(lines[2]).toContain('5/12 in Canvas');
    expect(lines.find((l) => l.includes('courses'))).toContain('0/2');
  });
});

describe('demo summary', () => {
  const base = { elapsedMs: 12_300, expected: { users: 10 }, inCanvas: { users: 10 }, heldPlans: [], deadLettered: {}, importErrors: [] };

  it('says plainly when nothing was held or failed', () => {
    const text = renderSummary(base).join('\n');
    expect(text).toContain('First full sync finished in 12.3 s.');
    expect(text).toMatch(/users\s+10\n/);
    expect(text).toContain('Held for approval: nothing.');
    expect(text).toContain('Dead-lettered: nothing.');
  });

  it('names missing rows, held plans, dead letters and import errors', () => {
    const text = renderSummary({
      ...base,
      inCanvas: { users: 8 },
      heldPlans: [{ id: 'p1', summary: '40 course deletions at school s1' }],
      deadLettered: { 'oneroster.users.dlq': 2 },
      importErrors: [{ entity: 'enrollment e1', message: 'Neither course nor section existed' }],
    }).join('\n');
    expect(text).toContain('(2 missing)');
    expect(text).toContain('plan p1: 40 course deletions at school s1');
    expect(text).toContain('oneroster.users.dlq: 2');
    expect(text).toContain('enrollment e1: Neither course nor section existed');
  });
});
