import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** One row sent in an import: where it was written (file, line) and which version of which entity. */
export interface LoaderImportItem {
  file: string;
  line: number;
  canvasType: string;
  sisId: string;
  hash: string;
  op: string;
  school: string | null;
  syncRun: string | null;
  active: boolean;
  /** Sent because an operator approved its plan (absent in imports recorded before this field existed). */
  approved?: boolean;
}

/** A SIS import the loader posted (or is about to): unfinished ones are resumed after a restart. */
@Entity({ name: 'loader_imports' })
export class LoaderImportEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'text' }) tenant!: string;
  @Column({ name: 'canvas_import_id', type: 'bigint', nullable: true }) canvasImportId!: string | null;
  /** `posting`, a Canvas workflow_state, or `abandoned` (posting interrupted) / `post_failed`. */
  @Column({ type: 'text' }) state!: string;
  @Column({ type: 'integer' }) progress!: number;
  @Column({ type: 'jsonb' }) counts!: Record<string, number>;
  @Column({ name: 'rows_per_type', type: 'jsonb' }) rowsPerType!: Record<string, number>;
  @Column({ type: 'text', nullable: true }) message!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
}

/** One row of an import (table loader_import_items, ADR 0170): narrow, one row per row sent, not one jsonb per import. */
@Entity({ name: 'loader_import_items' })
export class LoaderImportItemEntity {
  @PrimaryColumn({ name: 'import_id', type: 'bigint' }) importId!: string;
  @PrimaryColumn({ name: 'canvas_type', type: 'text' }) canvasType!: string;
  @PrimaryColumn({ name: 'sis_id', type: 'text' }) sisId!: string;
  @Column({ type: 'text' }) tenant!: string;
  @Column({ type: 'text' }) file!: string;
  @Column({ type: 'integer' }) line!: number;
  @Column({ type: 'text' }) hash!: string;
  @Column({ type: 'text' }) op!: string;
  @Column({ type: 'text', nullable: true }) school!: string | null;
  @Column({ name: 'sync_run', type: 'text', nullable: true }) syncRun!: string | null;
  @Column({ type: 'boolean' }) active!: boolean;
  @Column({ type: 'boolean' }) approved!: boolean;
}
