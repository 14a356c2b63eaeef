import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Reconciliation checkpoint per tenant: submissions graded since then are read back from Canvas. */
@Entity({ name: 'gradebook_checkpoints' })
export class GradebookCheckpointEntity {
  @PrimaryColumn({ type: 'text' })
  tenant!: string;

  @Column({ name: 'graded_since', type: 'timestamptz' })
  gradedSince!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
