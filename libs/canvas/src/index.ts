export * from './errors/canvas.error';
export * from './sis/model';
export * from './sis/writer';
export * from './http';
export * from './rest';
export * from './sis/import';
export * from './live-events';
