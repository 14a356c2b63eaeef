export * from './transformer.store';
export * from './transformer.repository';
export * from './transformer-entity.entity';
export * from './transformer-parked.entity';
export * from './transformer-projection.entity';
export * from './migrations/1764400000000-create-transformer-tables';
export * from './migrations/1765200000000-parked-state';
