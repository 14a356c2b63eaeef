/** The gradebook roles that call IC. */
export type GradebookRoleName = 'processor' | 'writer';

/**
 * A tenant's IC limit on requests in flight (IC: 5), split between the roles so that together they stay within it:
 * the processor reads class contexts now and then (they are kept), the writer PUTs every grade, so the writer gets
 * all but a fifth. The two roles are separate processes; a fixed split needs no coordination between them. With a
 * limit of 1 both get 1 and IC's 429 (honoured Retry-After) arbitrates.
 */
export function icConcurrencyShare(role: GradebookRoleName, tenantLimit: number): number {
  const limit = Math.max(1, Math.floor(tenantLimit));
  if (limit === 1) return 1;
  const processor = Math.max(1, Math.floor(limit / 5));
  return role === 'processor' ? processor : limit - processor;
}
