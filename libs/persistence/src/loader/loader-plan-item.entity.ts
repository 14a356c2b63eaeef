import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One held row of a plan, as it would have been sent to Canvas. */
@Entity({ name: 'loader_plan_items' })
export class LoaderPlanItemEntity {
  @PrimaryColumn({ name: 'plan_id', type: 'uuid' }) planId!: string;
  @PrimaryColumn({ name: 'canvas_type', type: 'text' }) canvasType!: string;
  @PrimaryColumn({ name: 'sis_id', type: 'text' }) sisId!: string;
  @Column({ type: 'text', nullable: true }) school!: string | null;
  @Column({ type: 'text' }) op!: string;
  @Column({ type: 'text' }) hash!: string;
  @Column({ type: 'jsonb' }) row!: Record<string, string>;
}
