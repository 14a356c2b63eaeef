/** A class as the plan sees it: its IC sourcedId and the students enrolled in it. */
export interface PlanClass {
  tenant: string;
  classSourcedId: string;
  students: readonly string[];
}

/** One cell to grade: the n-th assignment of a class, a student, and the score the teacher enters. */
export interface PlannedGrade {
  tenant: string;
  classSourcedId: string;
  assignmentIndex: number;
  student: string;
  score: number;
}

/** Assignments each class needs so its cells (assignments × students) hold its share of the grades. */
export function assignmentsNeeded(grades: number, classes: readonly PlanClass[]): number {
  const cellsPerAssignment = classes.reduce((n, c) => n + c.students.length, 0);
  if (cellsPerAssignment === 0) throw new Error('the grading plan has no enrolled students to grade');
  return Math.max(1, Math.ceil(grades / cellsPerAssignment));
}

/** A deterministic score in 1..pointsPossible (never the same for neighbouring cells, never 0). */
export function scoreFor(index: number, pointsPossible: number): number {
  return 1 + ((index * 7) % pointsPossible);
}

/**
 * `grades` distinct cells, each graded once, spread evenly: tenants take turns (round robin), and within a tenant
 * the cells walk assignment by assignment over its classes' students — as teachers of many schools grade at once.
 */
export function planGrades(grades: number, classes: readonly PlanClass[], assignmentsPerClass: number, pointsPossible: number): PlannedGrade[] {
  const perTenant = new Map<string, Omit<PlannedGrade, 'score'>[]>();
  for (let a = 0; a < assignmentsPerClass; a++) {
    for (const c of classes) {
      const list = perTenant.get(c.tenant) ?? [];
      perTenant.set(c.tenant, list);
      for (const student of c.students) list.push({ tenant: c.tenant, classSourcedId: c.classSourcedId, assignmentIndex: a, student });
    }
  }
  const queues = [...perTenant.values()];
  const out: PlannedGrade[] = [];
  for (let round = 0; out.length < grades && queues.some((q) => round < q.length); round++) {
    for (const q of queues) {
      if (round < q.length && out.length < grades) out.push({ ...q[round], score: scoreFor(out.length, pointsPossible) });
    }
  }
  if (out.length < grades) throw new Error(`only ${out.length} distinct cells for ${grades} grades; add assignments`);
  return out;
}
