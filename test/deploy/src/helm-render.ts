import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';

/** A rendered Kubernetes object, loosely typed: specs read the fields they check. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any;
}

export const repoRoot = resolve(__dirname, '../../..');
export const chartDir = join(repoRoot, 'helm');
const helmScript = join(repoRoot, 'scripts/helm.sh');

export interface HelmResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs helm through scripts/helm.sh (which unpacks the binary on first use). */
export function helm(args: string[]): HelmResult {
  const run = spawnSync('bash', [helmScript, ...args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw run.error;
  // helm 4 logs followed symlinks at INFO level; keep only what a person would need to read.
  const stderr = run.stderr
    .split('\n')
    .filter((line) => !line.startsWith('level=INFO'))
    .join('\n')
    .trim();
  return { status: run.status, stdout: run.stdout, stderr };
}

function valueArgs(valueFiles: string[], extraArgs: string[]): string[] {
  return [...valueFiles.flatMap((file) => ['-f', resolve(repoRoot, file)]), ...extraArgs];
}

/** `helm template` the chart and parse every rendered object; throws with helm's message when rendering fails. */
export function renderChart(valueFiles: string[], extraArgs: string[] = []): K8sObject[] {
  const run = helm(['template', 'rp', chartDir, '--namespace', 'rostering', ...valueArgs(valueFiles, extraArgs)]);
  if (run.status !== 0) throw new Error(`helm template failed: ${run.stderr}`);
  return parseAllDocuments(run.stdout, { uniqueKeys: true })
    .map((doc) => {
      if (doc.errors.length) throw new Error(`rendered YAML is invalid: ${doc.errors.map((e) => e.message).join('; ')}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((obj): obj is K8sObject => obj !== null);
}

/** Renders a value set that must be rejected and returns helm's error message. */
export function renderFailure(valueFiles: string[], extraArgs: string[] = []): string {
  const run = helm(['template', 'rp', chartDir, ...valueArgs(valueFiles, extraArgs)]);
  if (run.status === 0) throw new Error(`helm template accepted ${valueFiles.join(', ')} ${extraArgs.join(' ')}`);
  return run.stderr;
}

/** `helm lint --strict`; returns helm's output and whether it passed. */
export function lintChart(valueFiles: string[]): { ok: boolean; output: string } {
  const run = helm(['lint', '--strict', chartDir, ...valueArgs(valueFiles, [])]);
  return { ok: run.status === 0, output: `${run.stdout}\n${run.stderr}` };
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mergeValues(base: unknown, over: unknown): unknown {
  if (!isMap(base) || !isMap(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = mergeValues(base[key], value);
  return out;
}

export interface ChartValues {
  kafka: { brokers: string; partitions: { default: number; byTopic?: Record<string, number> } };
  secrets: { databaseUrl: string; secretsKey: string };
  existingSecret: string;
  appDefaults: Record<string, unknown>;
  apps: Record<string, { consumerGroup?: string; topics?: string[] } & Record<string, unknown>>;
  [key: string]: unknown;
}

/** helm/values.yaml overlaid with value files the way helm merges them (maps merge, lists replace). */
export function effectiveValues(valueFiles: string[]): ChartValues {
  const layers = [join(chartDir, 'values.yaml'), ...valueFiles.map((f) => resolve(repoRoot, f))];
  return layers.reduce<unknown>((acc, file) => mergeValues(acc, parse(readFileSync(file, 'utf8'))), {}) as ChartValues;
}

/** Partition count the chart assumes for a topic. */
export function partitionsOf(values: ChartValues, topic: string): number {
  return values.kafka.partitions.byTopic?.[topic] ?? values.kafka.partitions.default;
}

export interface ModelReport {
  index: number;
  kind: string;
  name: string;
  errors: string[];
  crd?: boolean;
}

/** Validates objects with kubernetes-models (ESM only, hence a child Node process). */
export function validateWithModels(objects: K8sObject[]): ModelReport[] {
  const run = spawnSync(process.execPath, [join(__dirname, 'validate-manifests.mjs')], {
    cwd: repoRoot,
    input: JSON.stringify(objects),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`validate-manifests failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as ModelReport[];
}

export interface ConsumerGroupContract {
  groupId: string;
  topics: string[];
}

/** libs/runtime/src/consumer-groups.contract.json: the group id and topics of every consuming app. */
export function consumerGroups(): Record<string, ConsumerGroupContract> {
  const raw = JSON.parse(readFileSync(join(repoRoot, 'libs/runtime/src/consumer-groups.contract.json'), 'utf8')) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(raw).filter(([key]) => !key.startsWith('$'))) as Record<
    string,
    ConsumerGroupContract
  >;
}
