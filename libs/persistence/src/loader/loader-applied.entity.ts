import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What Canvas holds for an entity according to the loader: the hash of the last applied version. */
@Entity({ name: 'loader_applied' })
export class LoaderAppliedEntity {
  @PrimaryColumn({ type: 'text' }) tenant!: string;
  @PrimaryColumn({ name: 'canvas_type', type: 'text' }) canvasType!: string;
  @PrimaryColumn({ name: 'sis_id', type: 'text' }) sisId!: string;
  @Column({ type: 'text' }) hash!: string;
  /** False once a destructive version was applied (it no longer counts for the safety gate). */
  @Column({ type: 'boolean' }) active!: boolean;
  @Column({ type: 'text', nullable: true }) school!: string | null;
  @Column({ name: 'import_id', type: 'bigint', nullable: true }) importId!: string | null;
  @Column({ name: 'applied_at', type: 'timestamptz' }) appliedAt!: Date;
  /** The sync run of the applied version (the safety gate adds up a run's deletions across its batches). */
  @Column({ name: 'sync_run', type: 'text', nullable: true }) syncRun!: string | null;
  /** True when an operator approved it in a held plan (then it no longer counts against the run's threshold). */
  @Column({ type: 'boolean' }) approved!: boolean;
}
