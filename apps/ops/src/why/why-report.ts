import type { TenantMappingSettings } from '@rp/mapping';
import { mappingDecision } from './mapping-decision';
import type { AppliedFact, DeadLetterFact, EntityFact, OutcomeFact, ParkedFact, PendingFact, SnapshotFact } from './why.ports';

/** Where a record (or one of its Canvas rows, or a grade) stands now. */
export type WhyState =
  | 'applied' | 'pending' | 'waiting' | 'held' | 'rejected' | 'refused' | 'parked' | 'blocked' | 'filtered' | 'dead-lettered'
  | 'grade-written' | 'grade-refused' | 'grade-held' | 'grade-skipped' | 'grade-failed' | 'grade-waiting' | 'unknown';

export interface WhereLine {
  state: WhyState;
  /** What the line is about: `user stu-1`, `canvas enrollment C1:stu-1:student`, `result r-1`. */
  subject: string;
  detail: string;
  at?: string;
}

export interface WhyReport {
  tenant: string;
  id: string;
  /** As last read from IC: when, which run. */
  read: { type: string; sourcedId: string; readAt: string; run: string; runKind?: string; deleted: boolean }[];
  /** What the mapping made of it, and which setting decided. */
  mapping: { type: string; sourcedId: string; deleted: boolean; canvas: string[]; decidedBy?: string }[];
  where: WhereLine[];
}

export interface WhyFacts {
  snapshots: SnapshotFact[];
  entities: EntityFact[];
  parked: ParkedFact[];
  pending: PendingFact[];
  applied: AppliedFact[];
  outcomes: OutcomeFact[];
  deadLetters: DeadLetterFact[];
}

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : undefined);
const keyOf = (r: { canvasType: string; sisId: string }) => `${r.canvasType}|${r.sisId}`;

/** The Canvas keys a record maps to: its entities' projections (and the id itself when it is a Canvas SIS id). */
export function canvasKeysOf(entities: readonly EntityFact[]): { canvasType: string; sisId: string }[] {
  const keys = new Map<string, { canvasType: string; sisId: string }>();
  for (const e of entities) for (const p of e.projections) keys.set(`${p.type}|${p.sisId}`, { canvasType: p.type, sisId: p.sisId });
  return [...keys.values()];
}

/**
 * Joins the facts about one id into the answer to "why is this (not) in Canvas / IC": read from IC, mapped, and
 * where it is now — one line per Canvas row, parked record, grade outcome or dead letter.
 */
export function explainWhy(tenant: string, id: string, facts: WhyFacts, settings: TenantMappingSettings): WhyReport {
  const runs = new Map(facts.snapshots.map((s) => [`${s.entityType}|${s.sourcedId}`, s]));
  const read = facts.snapshots.map((s) => ({
    type: s.entityType, sourcedId: s.sourcedId, readAt: iso(s.readAt)!, run: s.lastSeenRun, ...(s.run ? { runKind: s.run.kind } : {}), deleted: s.deleted,
  }));
  const where: WhereLine[] = [];
  const mapping = facts.entities.map((e) => {
    const decision = mappingDecision(e, settings);
    const parked = facts.parked.find((p) => p.type === e.type && p.sourcedId === e.sourcedId);
    if (decision?.filtered && !parked && !e.deleted) {
      where.push({ state: 'filtered', subject: `${e.type} ${e.sourcedId}`, detail: `not sent to Canvas by policy: ${decision.decidedBy}`, at: iso(e.updated) });
    }
    return { type: e.type, sourcedId: e.sourcedId, deleted: e.deleted, canvas: e.projections.map((p) => `${p.type} ${p.sisId} (${p.op})`), ...(decision ? { decidedBy: decision.decidedBy } : {}) };
  });
  for (const p of facts.parked) where.push(parkedLine(p));
  where.push(...canvasLines(facts.pending, facts.applied));
  for (const o of facts.outcomes) where.push(outcomeLine(o));
  for (const d of facts.deadLetters) {
    where.push({ state: 'dead-lettered', subject: `${d.topic} ${d.at}`, detail: `dead-lettered: ${d.error ?? '(no reason recorded)'}; see \`ops dlq show ${d.topic} ${d.at}\``, ...(d.failedAt ? { at: d.failedAt } : {}) });
  }
  if (where.length === 0) where.push(unknownLine(tenant, id, facts, runs));
  return { tenant, id, read, mapping, where };
}

function parkedLine(p: ParkedFact): WhereLine {
  return p.state === 'blocked'
    ? { state: 'blocked', subject: `${p.type} ${p.sourcedId}`, detail: `parked, blocked by deleted ${p.waitingFor.join(', ')}: ${p.message}`, at: iso(p.since) }
    : { state: 'parked', subject: `${p.type} ${p.sourcedId}`, detail: `parked, waiting on ${p.waitingFor.join(', ')}: ${p.message}`, at: iso(p.since) };
}

/** A pending row says what happens next; without one, the applied row says what Canvas has. */
function canvasLines(pending: readonly PendingFact[], applied: readonly AppliedFact[]): WhereLine[] {
  const lines: WhereLine[] = [];
  const pendingKeys = new Set(pending.map(keyOf));
  for (const p of pending) {
    const subject = `canvas ${p.canvasType} ${p.sisId}`;
    const at = iso(p.receivedAt);
    if (p.plan?.status === 'held') {
      const why = p.plan.blackout ? `during the blackout ${p.plan.blackout}` : 'over the safety threshold';
      lines.push({ state: 'held', subject, detail: `${p.op} held in plan ${p.plan.id} (${why}); decide with \`ops plans show ${p.plan.id}\``, at });
    } else if (p.plan?.status === 'rejected') {
      lines.push({ state: 'rejected', subject, detail: `${p.op} rejected by an operator in plan ${p.plan.id}; not sent to Canvas`, at });
    } else if (p.status === 'failed') {
      lines.push({ state: 'refused', subject, detail: `refused by Canvas after ${p.attempts} attempt(s): ${p.lastError ?? '(no message)'}; fix the data in IC (a new version is sent again)`, at });
    } else if (p.lastError) {
      lines.push({ state: 'refused', subject, detail: `refused by Canvas (attempt ${p.attempts}, sent again): ${p.lastError}`, at });
    } else if (p.waitingFor) {
      lines.push({ state: 'waiting', subject, detail: `${p.op} waits in the loader for ${p.waitingFor} to be in Canvas`, at });
    } else {
      lines.push({ state: 'pending', subject, detail: `${p.op} pending: goes into the next SIS import${p.plan ? ` (plan ${p.plan.id} ${p.plan.status})` : ''}`, at });
    }
  }
  for (const a of applied) {
    if (pendingKeys.has(keyOf(a))) continue;
    const how = a.active ? 'applied' : 'applied as a drop/deletion';
    const imported = a.canvasImportId ? `in SIS import ${a.canvasImportId}` : a.importId ? `in loader import ${a.importId}` : '';
    lines.push({ state: 'applied', subject: `canvas ${a.canvasType} ${a.sisId}`, detail: `${how} ${imported}${a.approved ? ' (approved by an operator)' : ''}`.replace(/\s+$/, ''), at: iso(a.appliedAt) });
  }
  return lines;
}

const OUTCOME_STATES: Record<string, WhyState> = {
  sent: 'grade-written', refused: 'grade-refused', held: 'grade-held', skipped: 'grade-skipped', failed: 'grade-failed', waiting: 'grade-waiting',
};

function outcomeLine(o: OutcomeFact): WhereLine {
  const from = o.canvasAssignmentId ? `Canvas course ${o.canvasCourseId ?? '?'} assignment ${o.canvasAssignmentId}${o.canvasUserId ? ` user ${o.canvasUserId}` : ''}` : 'Canvas';
  const to = [o.lineItemSourcedId && `lineItem ${o.lineItemSourcedId}`, o.resultSourcedId && `result ${o.resultSourcedId}`, o.studentSourcedId && `student ${o.studentSourcedId}`].filter(Boolean).join(', ');
  const name = o.liveEvent ? `Live Event ${o.liveEvent.name} ${o.liveEvent.key}` : 'Live Event';
  const event = o.canvasEventTime || o.liveEvent ? ` (${name}${o.canvasEventTime ? ` of ${iso(o.canvasEventTime)}` : ''})` : '';
  const verb = o.status === 'sent' ? 'written to IC' : `${o.status}`;
  return {
    state: OUTCOME_STATES[o.status] ?? 'unknown',
    subject: `${o.kind} ${o.resultSourcedId ?? o.lineItemSourcedId ?? o.outcomeKey}`,
    detail: `${from}${event} → IC ${to || o.outcomeKey}: ${verb}${o.reason ? `: ${o.reason}` : ''}`,
    at: iso(o.updatedAt),
  };
}

function unknownLine(tenant: string, id: string, facts: WhyFacts, runs: Map<string, SnapshotFact>): WhereLine {
  if (runs.size > 0) {
    return { state: 'unknown', subject: id, detail: `read from IC but not (yet) received by the transformer; follow the run with \`ops runs show ${facts.snapshots[0].lastSeenRun} --tenant ${tenant}\`` };
  }
  return { state: 'unknown', subject: id, detail: `tenant ${tenant} has no record of ${id} in IC snapshots, the transformer, the loader or grade passback; check the id (a OneRoster sourcedId or Canvas SIS id) and that a full sync ran` };
}
