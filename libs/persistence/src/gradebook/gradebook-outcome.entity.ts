import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Where a grade or lineItem stands on its way to IC. */
export type GradebookOutcomeStatus = 'sent' | 'refused' | 'held' | 'skipped' | 'failed' | 'waiting';
export type GradebookOutcomeKind = 'lineItem' | 'result' | 'courseGrade';

/** The latest outcome per lineItem/result (or per Canvas assignment × user when no sourcedId exists), for admins. */
@Entity({ name: 'gradebook_outcomes' })
@Index('gradebook_outcomes_class', ['tenant', 'classSourcedId'])
@Index('gradebook_outcomes_student', ['tenant', 'studentSourcedId'])
export class GradebookOutcomeEntity {
  @PrimaryColumn({ type: 'text' })
  tenant!: string;

  /** The result/lineItem sourcedId, or `canvas:<assignment>|<user>` when the grade never got one. */
  @PrimaryColumn({ name: 'outcome_key', type: 'text' })
  outcomeKey!: string;

  @Column({ type: 'text' })
  kind!: GradebookOutcomeKind;

  @Column({ name: 'canvas_course_id', type: 'text', nullable: true })
  canvasCourseId!: string | null;

  @Column({ name: 'canvas_assignment_id', type: 'text', nullable: true })
  canvasAssignmentId!: string | null;

  @Column({ name: 'canvas_user_id', type: 'text', nullable: true })
  canvasUserId!: string | null;

  @Column({ name: 'class_sourced_id', type: 'text', nullable: true })
  classSourcedId!: string | null;

  @Column({ name: 'student_sourced_id', type: 'text', nullable: true })
  studentSourcedId!: string | null;

  @Column({ name: 'line_item_sourced_id', type: 'text', nullable: true })
  lineItemSourcedId!: string | null;

  @Column({ name: 'result_sourced_id', type: 'text', nullable: true })
  resultSourcedId!: string | null;

  @Column({ type: 'text' })
  status!: GradebookOutcomeStatus;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** Canvas time of the change this outcome is about (an older event never overwrites a newer outcome). */
  @Column({ name: 'canvas_event_time', type: 'timestamptz', nullable: true })
  canvasEventTime!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
