import type { UserRecord } from '@rp/fixtures';
import { hash32 } from '@rp/fixtures';
import { Wire, WireContext } from './serialize';

const RACES = ['americanIndianOrAlaskaNative', 'asian', 'blackOrAfricanAmerican', 'nativeHawaiianOrOtherPacificIslander', 'white'] as const;

function stringHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h >>> 0;
}

/**
 * IC serves demographics per student with sourcedId = the user's sourcedId. They are derived from the student
 * record (stable per sourcedId) rather than stored, so large districts cost nothing extra.
 */
export function demographicsToWire(student: UserRecord, ctx: WireContext): Wire {
  const h = (salt: number) => hash32(stringHash(student.sourcedId), 99, 0, salt);
  const gradeNumber = student.grades[0] === 'KG' ? 0 : Number(student.grades[0] ?? 0);
  const schoolYear = Number(student.dateLastModified.slice(0, 4)) + 1;
  const month = 1 + (h(1) % 12);
  const day = 1 + (h(2) % 28);
  const race = RACES[h(3) % RACES.length];
  const twoOrMore = h(4) % 20 === 0;
  const flag = (v: boolean) => (ctx.quirks.jsonBooleans ? v : String(v));
  const out: Wire = {
    sourcedId: student.sourcedId, status: student.status, dateLastModified: student.dateLastModified,
    birthDate: `${schoolYear - 6 - gradeNumber}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    sex: h(5) % 50 === 0 ? 'unspecified' : h(5) % 2 ? 'female' : 'male',
  };
  for (const r of RACES) out[r] = flag(twoOrMore || r === race);
  out.demographicRaceTwoOrMoreRaces = flag(twoOrMore);
  out.hispanicOrLatinoEthnicity = flag(h(6) % 4 === 0);
  out.countryOfBirthCode = 'US';
  return out;
}
