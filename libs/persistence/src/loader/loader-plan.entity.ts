import { Column, Entity, PrimaryColumn } from 'typeorm';

export type LoaderPlanStatus = 'held' | 'approved' | 'rejected' | 'applied';

/** Counts of destructive rows per type and school, and the groups that went over the tenant's thresholds. */
export interface LoaderPlanSummary {
  /** `earlierInRun`: of `destructive`, those the run's earlier batches applied (absent in plans held before it existed). */
  counts: { canvasType: string; school: string | null; destructive: number; applied: number; earlierInRun?: number }[];
  exceeded: { canvasType: string; school: string | null; destructive: number; applied: number; earlierInRun?: number; limit: string }[];
  items: number;
  /** Set when a `holdDestructive` blackout of the tenant's schedule held the rows (counts and exceeded are empty). */
  blackout?: string;
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
}
