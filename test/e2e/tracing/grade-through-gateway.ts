import { join } from 'node:path';
import { lineItemSourcedId, resultSourcedId } from '@rp/mapping';
import type { CanvasSimulator } from '@rp/sim-canvas';
import { AppProcess, type DistrictSetup, type E2eEnv, freePort, waitFor } from '../support';

export interface GradeThroughGateway {
  env: E2eEnv;
  canvas: CanvasSimulator;
  district: DistrictSetup;
  tenant: string;
  /** Extra environment of the three apps (the trace exporter's settings). */
  appEnv: Record<string, string>;
  /** The started apps are added here, for the spec to stop. */
  apps: AppProcess[];
  assignment: { name: string; pointsPossible: number; score: number };
}

/**
 * Starts the events-gateway and the gradebook's processor and writer, has a teacher create a graded assignment in a
 * class with an active student (due in the class's grading period), waits for its lineItem in IC, then grades the
 * student: the traced path of both tracing specs. Returns the lineItem's and the result's sourcedIds.
 */
export async function gradeThroughGateway(g: GradeThroughGateway): Promise<{ lineItemId: string; resultId: string }> {
  const gatewayPort = await freePort();
  const fast = { GRADEBOOK_CACHE_TTL_MS: '0', GRADEBOOK_RECONCILE_INTERVAL_MS: '0' };
  const started = [
    new AppProcess('events-gateway', gatewayPort, g.env.appEnv(g.appEnv), g.env.logDir),
    new AppProcess('gradebook', await freePort(), g.env.appEnv({ ...g.appEnv, ...fast, GRADEBOOK_ROLE: 'processor' }), g.env.logDir),
    // No SERVICE_NAME: the writer role names itself gradebook-writer.
    new AppProcess('gradebook', await freePort(), g.env.appEnv({ ...g.appEnv, ...fast, GRADEBOOK_ROLE: 'writer' }), join(g.env.logDir, 'writer')),
  ];
  g.apps.push(...started);
  for (const app of started) await app.start();
  g.canvas.admin.setWebhook(g.tenant, `http://127.0.0.1:${gatewayPort}/live-events`);

  const d = g.district.district;
  const klass = d.classes.find((c) => c.status === 'active' && d.enrollments.some((e) => e.classSourcedId === c.sourcedId && e.role === 'student' && e.status === 'active'))!;
  const student = d.enrollments.find((e) => e.classSourcedId === klass.sourcedId && e.role === 'student' && e.status === 'active')!.userSourcedId;
  const period = d.academicSessions.find((s) => s.type === 'gradingPeriod' && s.schoolSourcedId === klass.schoolSourcedId)!;
  const dueAt = `${period.startDate.slice(0, 8)}${String(Number(period.startDate.slice(8, 10)) + 5).padStart(2, '0')}T18:00:00Z`;
  const teacher = g.canvas.admin.account(g.tenant);
  const course = `sis_course_id:${klass.sourcedId}`;
  const assignment = teacher.createAssignment(course, { name: g.assignment.name, pointsPossible: g.assignment.pointsPossible, dueAt, postToSis: true });
  const lineItemId = lineItemSourcedId(g.tenant, String(assignment.id));
  await waitFor('the lineItem in IC', () => g.district.ic.admin.gradebookWrites().some((w) => w.sourcedId === lineItemId && w.method === 'PUT' && w.status < 300),
    { timeoutMs: 60_000, describe: () => started.map((a) => a.tail(15)).join('\n') });
  teacher.grade(course, assignment.id, `sis_user_id:${student}`, { score: g.assignment.score });
  return { lineItemId, resultId: resultSourcedId(lineItemId, student) };
}
