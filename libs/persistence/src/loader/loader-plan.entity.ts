import { Column, Entity, PrimaryColumn } from 'typeorm';

export type LoaderPlanStatus = 'held' | 'approved' | 'rejected' | 'applied' | 'discarded';

/** `gate`: destructive rows the safety gate held; `preview`: every row of a plan-only run (`ops sync --full --plan`). */
export type LoaderPlanKind = 'gate' | 'preview';

/** What a plan-only run would change, per type and school: creates, updates and drops, with a few SIS ids of each. */
export interface PreviewGroup {
  canvasType: string;
  school: string | null;
  creates: number;
  updates: number;
  drops: number;
  samples: { creates: string[]; updates: string[]; drops: string[] };
}

/** Counts of destructive rows per type and school, and the groups that went over the tenant's thresholds. */
export interface LoaderPlanSummary {
  /** `earlierInRun`: of `destructive`, those the run's earlier batches applied (absent in plans held before it existed). */
  counts: { canvasType: string; school: string | null; destructive: number; applied: number; earlierInRun?: number }[];
  exceeded: { canvasType: string; school: string | null; destructive: number; applied: number; earlierInRun?: number; limit: string }[];
  items: number;
  /** Set when a `holdDestructive` blackout of the tenant's schedule held the rows (counts and exceeded are empty). */
  blackout?: string;
  /** Preview plans: the run and its changes per type and school. */
  preview?: { runId: string; groups: PreviewGroup[] };
}

/** A set of destructive changes held by the safety gate until an operator decides. */
@Entity({ name: 'loader_plans' })
export class LoaderPlanEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) tenant!: string;
  @Column({ type: 'text' }) status!: LoaderPlanStatus;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt!: Date | null;
  @Column({ name: 'decided_by', type: 'text', nullable: true }) decidedBy!: string | null;
  @Column({ type: 'jsonb' }) summary!: LoaderPlanSummary;
  @Column({ type: 'text', default: 'gate' }) kind!: LoaderPlanKind;
  @Column({ name: 'sync_run', type: 'text', nullable: true }) syncRun!: string | null;
}
