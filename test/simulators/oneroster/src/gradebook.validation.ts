import { ApiContext } from './api-context';
import { unprocessable } from './imsx';
import { ref, Wire } from './serialize';

/** IC 1.1 placeholder category that 1.2 line items must not use. */
export const PLACEHOLDER_CATEGORY = '11111111-1111-1111-1111-111111111111';
const SCORE_STATUSES = ['exempt', 'fully graded', 'not submitted', 'partially graded', 'submitted'];
const FLAGS = ['inProgress', 'incomplete', 'late', 'missing'];

function refId(value: unknown, field: string): string {
  const id = value && typeof value === 'object' ? (value as { sourcedId?: unknown }).sourcedId : undefined;
  if (typeof id !== 'string' || !id) throw unprocessable(`${field}.sourcedId is required`);
  return id;
}

function dateTime(value: unknown, field: string): string {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw unprocessable(`${field} must be an ISO 8601 date-time`);
  return new Date(value).toISOString();
}

function envelope(body: unknown, key: string, pathId: string): Wire {
  const record = body && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
  if (!record || typeof record !== 'object') throw unprocessable(`body must be {"${key}": {...}}`);
  const wire = record as Wire;
  if (wire.sourcedId !== undefined && wire.sourcedId !== pathId) {
    throw unprocessable(`${key}.sourcedId "${String(wire.sourcedId)}" differs from the id in the path "${pathId}"`);
  }
  return wire;
}

function common(ctx: ApiContext, id: string, input: Wire): Wire {
  const out: Wire = { sourcedId: id, status: input.status === 'tobedeleted' ? 'tobedeleted' : 'active', dateLastModified: ctx.now().toISOString() };
  if (input.metadata && typeof input.metadata === 'object') out.metadata = input.metadata;
  return out;
}

/** Validates a PUT lineItem the way IC 1.2 does (real class, real category) and returns the stored form. */
export function acceptLineItem(ctx: ApiContext, id: string, body: unknown): Wire {
  const input = envelope(body, 'lineItem', id);
  const c = ctx.canonical;
  if (typeof input.title !== 'string' || !input.title) throw unprocessable('lineItem.title is required');
  const classId = refId(input.class, 'lineItem.class');
  const klass = ctx.store.get('classes', classId);
  if (!klass) throw unprocessable(`lineItem.class ${classId} is not a known class`);
  const categoryId = refId(input.category, 'lineItem.category');
  if (categoryId === PLACEHOLDER_CATEGORY) throw unprocessable('lineItem.category must be a real Campus category, not the 1.1 placeholder');
  if (!ctx.gradebook.categoriesForClass(classId).some((cat) => cat.sourcedId === categoryId)) {
    throw unprocessable(`category ${categoryId} not found for class ${classId}`);
  }
  const schoolId = input.school ? refId(input.school, 'lineItem.school') : klass.schoolSourcedId;
  if (schoolId !== klass.schoolSourcedId) throw unprocessable(`lineItem.school ${schoolId} is not the school of class ${classId}`);
  const out: Wire = { ...common(ctx, id, input), title: input.title };
  if (typeof input.description === 'string') out.description = input.description;
  out.assignDate = dateTime(input.assignDate, 'lineItem.assignDate');
  out.dueDate = dateTime(input.dueDate, 'lineItem.dueDate');
  out.class = ref(c, 'class', classId);
  out.school = ref(c, 'org', schoolId);
  out.category = ref(c, 'category', categoryId);
  for (const field of ['gradingPeriod', 'academicSession'] as const) {
    if (input[field] === undefined) continue;
    const sessionId = refId(input[field], `lineItem.${field}`);
    if (!ctx.store.get('academicSessions', sessionId)) throw unprocessable(`lineItem.${field} ${sessionId} is not a known academic session`);
    out[field] = ref(c, 'academicSession', sessionId);
  }
  if (input.scoreScale !== undefined) out.scoreScale = ref(c, 'scoreScale', refId(input.scoreScale, 'lineItem.scoreScale'));
  for (const field of ['resultValueMin', 'resultValueMax'] as const) {
    if (input[field] === undefined) continue;
    if (typeof input[field] !== 'number') throw unprocessable(`lineItem.${field} must be a number`);
    out[field] = input[field];
  }
  if (Array.isArray(input.learningObjectiveSet)) out.learningObjectiveSet = input.learningObjectiveSet;
  return out;
}

/** Validates a PUT result: known line item, a student actively enrolled in its class, a known scoreStatus. */
export function acceptResult(ctx: ApiContext, id: string, body: unknown): Wire {
  const input = envelope(body, 'result', id);
  const c = ctx.canonical;
  const lineItemId = refId(input.lineItem, 'result.lineItem');
  const lineItem = ctx.gradebook.tables.lineItems.get(lineItemId);
  if (!lineItem) throw unprocessable(`result.lineItem ${lineItemId} is not a known line item`);
  const classId = (lineItem.class as { sourcedId: string }).sourcedId;
  const studentId = refId(input.student, 'result.student');
  if (!ctx.store.get('users', studentId)) throw unprocessable(`result.student ${studentId} is not a known user`);
  const classEnrollments = ctx.store.groupBy('enrollments', 'allByClass', (e) => [e.classSourcedId]).get(classId) ?? [];
  const enrolled = classEnrollments.some((e) => e.userSourcedId === studentId && e.role === 'student' && e.status === 'active');
  if (!enrolled) throw unprocessable(`student ${studentId} is not actively enrolled in class ${classId}`);
  const status = input.scoreStatus;
  if (typeof status !== 'string' || !(SCORE_STATUSES.includes(status) || /^ext:[a-zA-Z0-9.\-_]+$/.test(status))) {
    throw unprocessable(`result.scoreStatus must be one of ${SCORE_STATUSES.join(', ')} (or ext:…)`);
  }
  if (typeof input.scoreDate !== 'string' || Number.isNaN(Date.parse(input.scoreDate))) throw unprocessable('result.scoreDate must be a date');
  const out: Wire = { ...common(ctx, id, input), lineItem: ref(c, 'lineItem', lineItemId), student: ref(c, 'user', studentId), class: ref(c, 'class', classId) };
  if (input.scoreScale !== undefined) out.scoreScale = ref(c, 'scoreScale', refId(input.scoreScale, 'result.scoreScale'));
  out.scoreStatus = status;
  if (input.score !== undefined && input.score !== null) {
    if (typeof input.score !== 'number') throw unprocessable('result.score must be a number');
    out.score = input.score;
  }
  if (typeof input.textScore === 'string') out.textScore = input.textScore;
  // GOOG sends a full timestamp and providers accept it; IC keeps the date.
  out.scoreDate = input.scoreDate.slice(0, 10);
  if (typeof input.comment === 'string') out.comment = input.comment;
  if (Array.isArray(input.learningObjectiveSet)) out.learningObjectiveSet = input.learningObjectiveSet;
  for (const flag of FLAGS) if (input[flag] !== undefined) out[flag] = String(input[flag]) === 'true' ? 'true' : 'false';
  return out;
}

/** Validates a PUT category (title required, weight numeric, optional metadata.classId of a known class). */
export function acceptCategory(ctx: ApiContext, id: string, body: unknown): Wire {
  const input = envelope(body, 'category', id);
  if (typeof input.title !== 'string' || !input.title) throw unprocessable('category.title is required');
  const out: Wire = { ...common(ctx, id, input), title: input.title };
  const classId = (input.metadata as { classId?: unknown } | undefined)?.classId;
  if (classId !== undefined && (typeof classId !== 'string' || !ctx.store.get('classes', classId))) {
    throw unprocessable(`category.metadata.classId ${String(classId)} is not a known class`);
  }
  if (input.weight !== undefined) {
    if (typeof input.weight !== 'number') throw unprocessable('category.weight must be a number');
    out.weight = input.weight;
  }
  return out;
}
