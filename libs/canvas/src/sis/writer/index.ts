export * from './csv-encoding';
export * from './sis-row.validator';
export * from './sis-csv-file.writer';
export * from './sis-zip';
export * from './sis-import-zip.writer';
export * from './canvas-row.codec';
