import { join } from 'node:path';
import { lineItemSourcedId, resultSourcedId } from '@rp/mapping';
import type { CanvasSimulator } from '@rp/sim-canvas';
import { AppProcess, DistrictSetup, E2eEnv, freePort, waitFor } from '../support';

/** Tenant settings a passback burst needs: Live Events signed by the simulator, grades posted for SIS-flagged assignments. */
export function passbackSettings(canvas: CanvasSimulator) {
  return {
    canvas: { liveEventsJwksUrl: canvas.jwksUrl },
    passback: { courseGradeCategoryTitle: 'Assessments', postToSisOnly: true },
  };
}

interface Cell {
  assignmentId: number;
  student: string;
  score: number;
  /** The IC result sourcedId the grade lands under. */
  id: string;
}

/**
 * Grade passback as processes — events-gateway (Canvas' webhook), the gradebook processor and writer —
 * reconciliation off so only the consumers' own retries count. One set serves every tenant of the environment.
 */
export class PassbackApps {
  private constructor(readonly gateway: AppProcess, readonly processor: AppProcess, readonly writer: AppProcess) {}

  static async start(env: E2eEnv, extraEnv: Record<string, string> = {}): Promise<PassbackApps> {
    const fast = { ...extraEnv, GRADEBOOK_CACHE_TTL_MS: '0', GRADEBOOK_RECONCILE_INTERVAL_MS: '0' };
    const apps = new PassbackApps(
      new AppProcess('events-gateway', await freePort(), env.appEnv(extraEnv), env.logDir),
      new AppProcess('gradebook', await freePort(), env.appEnv({ ...fast, GRADEBOOK_ROLE: 'processor' }), env.logDir),
      new AppProcess('gradebook', await freePort(), env.appEnv({ ...fast, GRADEBOOK_ROLE: 'writer', SERVICE_NAME: 'gradebook-writer' }), join(env.logDir, 'writer')),
    );
    for (const app of apps.all) await app.start();
    return apps;
  }

  get all(): AppProcess[] {
    return [this.gateway, this.processor, this.writer];
  }

  get webhookUrl(): string {
    return `http://127.0.0.1:${this.gateway.port}/live-events`;
  }

  tails(): string {
    return this.all.map((a) => a.tail(15)).join('\n');
  }

  async stop(): Promise<void> {
    for (const app of this.all) await app.kill('SIGTERM');
  }
}

/**
 * A burst of grades for one provisioned tenant in its largest class: two SIS-posted assignments × every student,
 * each with its own score, sent by Canvas to the passback apps. Reads back what the tenant's IC received.
 */
export class PassbackBurst {
  cells: Cell[] = [];
  private constructor(
    private readonly apps: PassbackApps,
    private readonly canvas: CanvasSimulator,
    private readonly setup: DistrictSetup,
    private readonly klass: { sourcedId: string; schoolSourcedId: string },
    private readonly students: string[],
  ) {}

  /** Points the tenant's Canvas webhook at the apps (after its full sync put its classes in Canvas). */
  static for(apps: PassbackApps, canvas: CanvasSimulator, setup: DistrictSetup): PassbackBurst {
    const d = setup.district;
    const studentsOf = (c: string) =>
      d.enrollments.filter((e) => e.classSourcedId === c && e.role === 'student' && e.status === 'active').map((e) => e.userSourcedId);
    const klass = d.classes.filter((c) => c.status === 'active').sort((a, b) => studentsOf(b.sourcedId).length - studentsOf(a.sourcedId).length)[0];
    canvas.admin.setWebhook(setup.tenant, apps.webhookUrl);
    return new PassbackBurst(apps, canvas, setup, klass, studentsOf(klass.sourcedId));
  }

  tails(): string {
    return this.apps.tails();
  }

  /** The OneRoster class the grades are for (`ops passback status --class`). */
  get classSourcedId(): string {
    return this.klass.sourcedId;
  }

  /** Creates the two assignments in the class's Canvas course and waits for their lineItems in IC; fills `cells`. */
  async prepareCells(): Promise<void> {
    const d = this.setup.district;
    const period = d.academicSessions.filter((s) => s.type === 'gradingPeriod' && s.schoolSourcedId === this.klass.schoolSourcedId)
      .sort((a, b) => a.startDate.localeCompare(b.startDate))[0];
    const dueAt = `${period.startDate.slice(0, 8)}${String(Number(period.startDate.slice(8, 10)) + 5).padStart(2, '0')}T18:00:00Z`;
    const category = d.categories.find((c) => c.classSourcedId === this.klass.sourcedId && c.title === 'Assessments')
      ?? d.categories.find((c) => c.classSourcedId === this.klass.sourcedId)!;
    const group = this.teacher().createAssignmentGroup(this.course(), { name: category.title });
    const assignments = ['Quiz 1', 'Quiz 2'].map((name) =>
      this.teacher().createAssignment(this.course(), { name, pointsPossible: 100, dueAt, postToSis: true, assignmentGroupId: group.id }));
    const lineItems = assignments.map((a) => lineItemSourcedId(this.setup.tenant, String(a.id)));
    await waitFor('the lineItems in IC', () => lineItems.every((id) => this.writes().some((w) => w.kind === 'lineItems' && w.sourcedId === id)),
      { timeoutMs: 120_000, describe: () => this.tails() });
    this.cells = assignments.flatMap((a, i) => this.students.map((s, j) => ({
      assignmentId: a.id, student: s, score: 50 + i * 20 + j, id: resultSourcedId(lineItems[i], s),
    })));
  }

  /** Teachers enter these grades in Canvas (each sends its Live Event to the gateway). */
  grade(cells: Cell[]): void {
    for (const c of cells) this.teacher().grade(this.course(), c.assignmentId, `sis_user_id:${c.student}`, { score: c.score });
  }

  /** Successful PUTs IC received. */
  writes() {
    return this.setup.ic.admin.gradebookWrites().filter((w) => w.method === 'PUT' && w.status < 300);
  }

  /** Every cell's last score in IC (undefined while not written). */
  finalScores(): Record<string, number | undefined> {
    return Object.fromEntries(this.cells.map((c) => {
      const puts = this.writes().filter((w) => w.kind === 'results' && w.sourcedId === c.id);
      return [c.id, puts.length ? scoreOf(puts[puts.length - 1]) : undefined];
    }));
  }

  /** What IC must end with: each cell's score. */
  expectedScores(): Record<string, number> {
    return Object.fromEntries(this.cells.map((c) => [c.id, c.score]));
  }

  /** Waits until IC received a result for every cell. */
  async waitAllWritten(timeoutMs = 300_000): Promise<void> {
    await waitFor('every graded cell in IC', () => Object.values(this.finalScores()).every((s) => s !== undefined),
      { timeoutMs, describe: () => this.tails() });
  }

  /** Cells IC ever received more than one distinct score for (a grade applied out of order or twice differently). */
  rescored(): string[] {
    const ids = new Set(this.cells.map((c) => c.id));
    const scores = new Map<string, Set<number | undefined>>();
    for (const w of this.writes().filter((x) => x.kind === 'results' && ids.has(x.sourcedId))) {
      scores.set(w.sourcedId, (scores.get(w.sourcedId) ?? new Set()).add(scoreOf(w)));
    }
    return [...scores].filter(([, s]) => s.size !== 1).map(([id]) => id);
  }

  private teacher() {
    return this.canvas.admin.account(this.setup.tenant);
  }

  private course(): string {
    return `sis_course_id:${this.klass.sourcedId}`;
  }
}

const scoreOf = (w: { body?: unknown }): number | undefined => (w.body as { result: { score?: number } }).result.score;
