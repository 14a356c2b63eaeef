import type { ClassBinding } from '@rp/mapping';
import type { GradebookOutcome } from '@rp/persistence';
import type { LiveEventRecordFields } from './live-event-record';
import { classKeyOf } from './roster-state';

/** The ids of the grade a waiting outcome is about (its status and reason come from the wait). */
export type WaitingOutcome = Omit<GradebookOutcome, 'tenant' | 'status' | 'reason'>;

/** How every waiting-for-enrollment reason starts (reconciliation re-checks these outcomes). */
export const WAITING_FOR_ENROLLMENT = 'waiting for the enrollment of';

/**
 * Thrown while deciding an event whose state is not known yet (neither the provisioning topics nor Canvas know the
 * student's enrollment in the class): the event waits for it instead of failing. `waitKeys` are the class keys
 * (`c:<course>`, `s:<section>`) whose provisioning records wake it.
 */
export class WaitForState extends Error {
  constructor(readonly waitKeys: string[], readonly reason: string, readonly outcome: WaitingOutcome) {
    super(reason);
    this.name = 'WaitForState';
  }
}

/** The wait of a grade whose student neither the SIS roster nor Canvas shows in the class yet. */
export function waitingForEnrollment(binding: ClassBinding, sisCourseId: string | null, userSisId: string | null, canvasUserId: string, outcome: WaitingOutcome): WaitForState {
  const who = userSisId ? `student ${userSisId}` : `Canvas user ${canvasUserId}`;
  const keys = [classKeyOf(binding), ...(sisCourseId && binding.via === 'section' ? [`c:${sisCourseId}`] : [])];
  return new WaitForState(keys, `${WAITING_FOR_ENROLLMENT} ${who} in class ${binding.classSourcedId}: neither the SIS roster ` +
    '(canvas.enrollments) nor Canvas has it yet; the grade is sent when it arrives', outcome);
}

/** A parked event with the class keys that wake it. */
export interface WokenEvent {
  record: LiveEventRecordFields;
  keys: string[];
}

/**
 * Live Events waiting for provisioning state, per tenant and class key, in arrival order. A provisioning record for
 * a class wakes every event waiting on it (they are decided again and may wait again). Bounded: past `maxPerTenant`
 * the oldest is dropped — its `waiting` outcome stays and reconciliation sends its grade once the state exists.
 */
export class WaitingEvents {
  private readonly byTenant = new Map<string, Map<string, WokenEvent>>();

  constructor(private readonly maxPerTenant = 10_000) {}

  /**
   * Parks an event until a record for one of `keys` arrives. The same event parked again (woken and still waiting)
   * replaces itself and moves to the end; `keepNewer` puts a woken event back only if it has not waited again since.
   */
  park(record: LiveEventRecordFields, keys: string[], keepNewer = false): void {
    let waiting = this.byTenant.get(record.tenant);
    if (!waiting) this.byTenant.set(record.tenant, (waiting = new Map()));
    const identity = `${record.eventName}|${record.eventTime}|${record.body}`;
    if (keepNewer && waiting.has(identity)) return;
    waiting.delete(identity);
    waiting.set(identity, { record, keys });
    if (waiting.size > this.maxPerTenant) waiting.delete(waiting.keys().next().value as string);
  }

  /** Takes (removes) the tenant's events waiting on any of `keys`, oldest first. */
  wake(tenant: string, keys: string[]): WokenEvent[] {
    const waiting = this.byTenant.get(tenant);
    if (!waiting) return [];
    const wanted = new Set(keys);
    const woken = [...waiting].filter(([, w]) => w.keys.some((k) => wanted.has(k)));
    for (const [identity] of woken) waiting.delete(identity);
    return woken.map(([, w]) => w);
  }

  /** How many events of the tenant wait. */
  count(tenant: string): number {
    return this.byTenant.get(tenant)?.size ?? 0;
  }
}
