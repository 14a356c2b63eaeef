import type { DistrictSize } from '@rp/fixtures';

/** Student counts the benchmarks scale through (docs/product.md: small ≈ 5k, large ≈ 400k). */
export const BENCH_SCALES = ['5k', '50k', '400k'] as const;
export type BenchScale = string;

/** The large district of docs/product.md, per 400,000 students; smaller scales keep its proportions. */
const LARGE = { students: 400_000, schools: 560, staff: 25_000, classes: 80_000, studentEnrollments: 2_000_000 };

/** A district size with `students` students and the large district's ratios (schools, staff, classes, enrollments). */
export function districtSizeFor(scale: BenchScale): DistrictSize {
  const students = parseStudents(scale);
  const f = students / LARGE.students;
  const schools = Math.max(1, Math.round(LARGE.schools * f));
  return {
    schools,
    students,
    staff: Math.max(2 * schools + 1, Math.round(LARGE.staff * f)),
    classes: Math.max(schools * 6, Math.round(LARGE.classes * f)),
    studentEnrollments: Math.round(LARGE.studentEnrollments * f),
  };
}

/** "5k" → 5000, "400k" → 400000, "1200" → 1200. */
export function parseStudents(scale: BenchScale): number {
  const match = /^(\d+(?:\.\d+)?)(k|m)?$/i.exec(scale.trim());
  if (!match) throw new Error(`district scale "${scale}": use a student count such as 5k, 50k, 400k or 1200`);
  const n = Math.round(Number(match[1]) * (match[2] ? { k: 1e3, m: 1e6 }[match[2].toLowerCase() as 'k' | 'm'] : 1));
  if (n < 1) throw new Error(`district scale "${scale}" must have at least one student`);
  return n;
}
