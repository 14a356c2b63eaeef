import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last Canvas projection published per key (acknowledged by Kafka): the compaction baseline. */
@Entity({ name: 'transformer_projections' })
export class TransformerProjectionRow {
  @PrimaryColumn({ type: 'text' })
  tenant!: string;

  @PrimaryColumn({ type: 'text', name: 'canvas_type' })
  canvasType!: string;

  @PrimaryColumn({ type: 'text', name: 'sis_id' })
  sisId!: string;

  @Column({ type: 'text' })
  hash!: string;

  @Column({ type: 'text', nullable: true })
  school!: string | null;

  @Column({ type: 'text' })
  op!: string;

  @Column({ type: 'timestamptz' })
  updated!: Date;
}
