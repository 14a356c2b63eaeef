import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The latest not-yet-applied version of a Canvas entity (latest wins). */
@Entity({ name: 'loader_pending' })
export class LoaderPendingEntity {
  @PrimaryColumn({ type: 'text' }) tenant!: string;
  @PrimaryColumn({ name: 'canvas_type', type: 'text' }) canvasType!: string;
  @PrimaryColumn({ name: 'sis_id', type: 'text' }) sisId!: string;
  @Column({ type: 'jsonb' }) row!: Record<string, string>;
  @Column({ type: 'text' }) hash!: string;
  @Column({ type: 'text' }) op!: string;
  @Column({ type: 'text', nullable: true }) school!: string | null;
  @Column({ name: 'sync_run', type: 'text', nullable: true }) syncRun!: string | null;
  @Column({ type: 'jsonb' }) sources!: string[];
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
  /** `failed` after the maximum number of attempts; a new version resets it. */
  @Column({ type: 'text' }) status!: 'pending' | 'failed';
  @Column({ type: 'integer' }) attempts!: number;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError!: string | null;
  /** What the row waits for (references neither applied nor in the batch), for status output. */
  @Column({ name: 'waiting_for', type: 'text', nullable: true }) waitingFor!: string | null;
  @Column({ name: 'plan_id', type: 'uuid', nullable: true }) planId!: string | null;
}
