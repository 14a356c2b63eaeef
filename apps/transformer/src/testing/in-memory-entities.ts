import type { OneRosterEntityChange } from '@rp/messaging';
import type { ProvisioningEntity } from '@rp/mapping';
import { resolveTenantMappingSettings } from '@rp/mapping';
import type { BatchPlan, SettingsOutcome } from '../domain/evaluate-batch';
import { evaluateUntilComplete } from '../domain/evaluate-until-complete';
import { refKey } from '../domain/refs';
import { Lookup, Materialised, Parked, TenantSnapshot } from '../domain/tenant-snapshot';

export const NOW = new Date('2024-10-01T15:00:00Z');
export const defaults = (input: unknown = {}): SettingsOutcome => ({ ok: true, settings: resolveTenantMappingSettings('acme', input) });

const ref = (record: unknown, field: string) => (record as Record<string, { sourcedId?: string } | undefined>)[field]?.sourcedId;

/** The transformer's tables for one tenant, in memory: answers lookups like the database and applies plans. */
export class InMemoryEntities {
  readonly entities = new Map<string, Materialised>();
  readonly parked = new Map<string, Parked>();
  loadRounds = 0;
  /** Every lookup the evaluations asked the "database" for, in order. */
  readonly lookups: Lookup[] = [];

  /** Evaluates `changes` like the handler does (loading in rounds) and stores the outcome. */
  async run(changes: OneRosterEntityChange[], settings: SettingsOutcome = defaults()): Promise<BatchPlan> {
    const snapshot = new TenantSnapshot('acme');
    const plan = await evaluateUntilComplete(changes, settings, snapshot, NOW, async (misses) => this.answer(snapshot, misses));
    for (const [key, m] of plan.entities) this.entities.set(key, m);
    for (const key of plan.released) this.parked.delete(key);
    for (const [key, p] of plan.parked) this.parked.set(key, p);
    return plan;
  }

  /** Stores entities as if received earlier (no projections). */
  seed(...entities: ProvisioningEntity[]): void {
    for (const entity of entities) {
      this.entities.set(refKey(entity.kind, entity.record.sourcedId), { entity, deleted: entity.record.status === 'tobedeleted', projections: [] });
    }
  }

  private answer(snapshot: TenantSnapshot, misses: Lookup[]): void {
    this.loadRounds++;
    this.lookups.push(...misses);
    const all = [...this.entities.values()];
    for (const miss of misses) {
      switch (miss.kind) {
        case 'entity':
          snapshot.addEntities([miss], all.filter((m) => m.entity.kind === miss.type && m.entity.record.sourcedId === miss.sourcedId));
          break;
        case 'classesOfCourse':
          snapshot.addEntities([miss], all.filter((m) => m.entity.kind === 'class' && ref(m.entity.record, 'course') === miss.courseId));
          break;
        case 'classesOfTerm':
          snapshot.addEntities([miss], all.filter((m) => m.entity.kind === 'class' && m.entity.record.terms.some((t) => t.sourcedId === miss.sessionId)));
          break;
        case 'enrollmentsOfClass':
          snapshot.addEntities([miss], all.filter((m) => m.entity.kind === 'enrollment' && ref(m.entity.record, 'class') === miss.classId));
          break;
        case 'enrollmentsOfUser':
          snapshot.addEntities([miss], all.filter((m) => m.entity.kind === 'enrollment' && ref(m.entity.record, 'user') === miss.userId));
          break;
        case 'sessionsInYear':
          snapshot.addEntities([miss], all.filter((m) => m.entity.kind === 'academicSession' && m.entity.record.schoolYear === miss.year));
          break;
        case 'parkedFor':
          snapshot.addParked([miss], [...this.parked.values()].filter((p) => p.waitingFor.includes(miss.ref)));
          break;
      }
    }
  }
}
