import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A OneRoster record as last received for a tenant. A deleted record keeps its last content (status
 * `tobedeleted`) because its projections need it to emit deletes. `projections` holds the Canvas projections
 * this entity itself produced last time, so projections it stops producing can be retracted.
 */
@Entity({ name: 'transformer_entities' })
export class TransformerEntityRow {
  @PrimaryColumn({ type: 'text' })
  tenant!: string;

  @PrimaryColumn({ type: 'text' })
  type!: string;

  @PrimaryColumn({ type: 'text', name: 'sourced_id' })
  sourcedId!: string;

  @Column({ type: 'jsonb' })
  record!: Record<string, unknown>;

  @Column({ type: 'boolean', default: false })
  deleted!: boolean;

  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  projections!: unknown[];

  @Column({ type: 'timestamptz' })
  updated!: Date;
}
