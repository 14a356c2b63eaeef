import type { EntityManager } from 'typeorm';

/** Anything that runs SQL: the DataSource or a transaction's EntityManager. */
export type Queryable = Pick<EntityManager, 'query'>;

/** Rows of a TypeORM postgres `query()` result: UPDATE/DELETE return `[rows, count]`, the others the rows. */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

/** `<canvasType>|<sisId>`: an entity's key within a tenant. */
export const loaderEntityKey = (canvasType: string, sisId: string): string => `${canvasType}|${sisId}`;
