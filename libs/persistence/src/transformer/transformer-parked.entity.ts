import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An entity that cannot be projected yet; `waiting_for` holds `<kind>:<sourcedId>` refs (or `settings:mapping`). */
@Entity({ name: 'transformer_parked' })
export class TransformerParkedRow {
  @PrimaryColumn({ type: 'text' })
  tenant!: string;

  @PrimaryColumn({ type: 'text' })
  type!: string;

  @PrimaryColumn({ type: 'text', name: 'sourced_id' })
  sourcedId!: string;

  @Column({ type: 'text', array: true, name: 'waiting_for' })
  waitingFor!: string[];

  @Column({ type: 'text' })
  message!: string;

  @Column({ type: 'timestamptz' })
  since!: Date;

  /** `waiting` for what `waiting_for` names, or `blocked` by the deleted parent it names (settled, nothing sent). */
  @Column({ type: 'text', default: 'waiting' })
  state!: 'waiting' | 'blocked';
}
