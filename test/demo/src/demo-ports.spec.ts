import { demoPortsFrom } from './demo-ports';

describe('the demo\'s ports', () => {
  it.each([
    ['the defaults', {}, { gateway: 18080, oneRoster: 18090, canvas: 18091, firstApp: 18100 }],
    ['one base moves them all', { DEMO_PORT_BASE: '28080' }, { gateway: 28080, oneRoster: 28090, canvas: 28091, firstApp: 28100 }],
    ['a port of its own wins over the base', { DEMO_PORT_BASE: '28080', DEMO_CANVAS_PORT: '30000' }, { gateway: 28080, oneRoster: 28090, canvas: 30000, firstApp: 28100 }],
  ])('%s', (_case, env, expected) => {
    expect(demoPortsFrom(env)).toEqual(expected);
  });
});
