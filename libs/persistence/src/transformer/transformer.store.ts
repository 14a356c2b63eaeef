import type { ServiceStore } from '../data-source.factory';
import { CreateTransformerTables1764400000000 } from './migrations/1764400000000-create-transformer-tables';
import { ParkedState1765200000000 } from './migrations/1765200000000-parked-state';
import { TransformerEntityRow } from './transformer-entity.entity';
import { TransformerParkedRow } from './transformer-parked.entity';
import { TransformerProjectionRow } from './transformer-projection.entity';

/** The transformer's tables: materialised entities, parked entities, published projection hashes. */
export const transformerStore: ServiceStore = {
  schema: 'transformer',
  entities: [TransformerEntityRow, TransformerParkedRow, TransformerProjectionRow],
  migrations: [CreateTransformerTables1764400000000, ParkedState1765200000000],
};
