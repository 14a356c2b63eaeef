import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What the writer last wrote to IC per lineItem/result: the content hash that makes a repeat PUT unnecessary. */
@Entity({ name: 'gradebook_written' })
export class GradebookWrittenEntity {
  @PrimaryColumn({ type: 'text' })
  tenant!: string;

  @PrimaryColumn({ name: 'sourced_id', type: 'text' })
  sourcedId!: string;

  @Column({ type: 'text' })
  kind!: 'lineItem' | 'result';

  /** Null after a delete (the lineItem is gone from IC). */
  @Column({ name: 'content_hash', type: 'text', nullable: true })
  contentHash!: string | null;

  /** Canvas time of the newest change written (null before it was kept); an older change is not written over it. */
  @Column({ name: 'canvas_event_time', type: 'timestamptz', nullable: true })
  canvasEventTime!: Date | null;

  @Column({ name: 'written_at', type: 'timestamptz' })
  writtenAt!: Date;
}
