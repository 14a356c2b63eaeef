/** One Dockerfile instruction with continuation lines joined. */
export interface Instruction {
  keyword: string;
  args: string;
}

/** A build stage: its base (`FROM <base> AS <name>`) and instructions. */
export interface Stage {
  name: string;
  base: string;
  instructions: Instruction[];
}

/** Parses a Dockerfile into stages, resolving `ARG` defaults declared before the first FROM. */
export function parseDockerfile(text: string): Stage[] {
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  const logical = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  for (const line of logical) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === 'ARG' && stages.length === 0) {
      const [key, value = ''] = args.split('=');
      globalArgs.set(key.trim(), value.trim());
    } else if (upper === 'FROM') {
      const [, image = '', name] = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(args) ?? [];
      const base = image.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => globalArgs.get(a ?? b) ?? '');
      stages.push({ name: name ?? String(stages.length), base, instructions: [] });
    } else if (stages.length) {
      stages[stages.length - 1].instructions.push({ keyword: upper, args });
    }
  }
  return stages;
}

/** A stage's instructions including those inherited from the stages it is built FROM. */
export function effectiveInstructions(stages: Stage[], name: string): Instruction[] {
  const stage = stages.find((s) => s.name === name);
  if (!stage) return [];
  const parent = stages.find((s) => s.name === stage.base);
  return [...(parent ? effectiveInstructions(stages, parent.name) : []), ...stage.instructions];
}

/** The image a stage ultimately starts from (following FROM <stage> chains). */
export function rootImage(stages: Stage[], name: string): string {
  const stage = stages.find((s) => s.name === name);
  if (!stage) return '';
  return stages.some((s) => s.name === stage.base) ? rootImage(stages, stage.base) : stage.base;
}

/** The last value of an instruction as the final image sees it (ENTRYPOINT, CMD, USER, HEALTHCHECK). */
export function lastOf(instructions: Instruction[], keyword: string): string | undefined {
  return instructions.filter((i) => i.keyword === keyword).at(-1)?.args;
}
