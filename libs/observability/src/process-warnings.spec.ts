import { EventEmitter } from 'node:events';
import { createLogger } from './json-logger';
import { logProcessWarnings } from './process-warnings';

describe('Node process warnings', () => {
  it('become one JSON record each instead of stderr text', () => {
    const lines: string[] = [];
    const proc = new EventEmitter() as unknown as NodeJS.Process;
    const printed: string[] = [];
    proc.on('warning', (w: Error) => printed.push(w.message)); // Node's own printer
    logProcessWarnings(createLogger({ service: 'loader', sink: (l) => lines.push(l) }), proc);

    const warning = Object.assign(new Error('-5 is a negative number.'), { name: 'TimeoutNegativeWarning', code: undefined });
    proc.emit('warning', warning);

    expect(printed).toEqual([]);
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ level: 'warn', service: 'loader', msg: '-5 is a negative number.', component: 'node', warning: 'TimeoutNegativeWarning' }),
    ]);
  });

  it('stay off when the process switched them off', () => {
    const lines: string[] = [];
    const proc = new EventEmitter() as unknown as NodeJS.Process;
    logProcessWarnings(createLogger({ service: 'loader', sink: (l) => lines.push(l) }), proc);
    proc.emit('warning', new Error('ignored'));
    expect(lines).toEqual([]);
  });
});
