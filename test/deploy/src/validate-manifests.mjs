// Validates Kubernetes objects against the official OpenAPI schemas with kubernetes-models, offline.
// kubernetes-models ships ESM only, which Jest's CommonJS runtime cannot load, so specs run this file as a
// child process: stdin = JSON array of objects; stdout = JSON array of { index, kind, name, errors[] }.
// Custom resources (KEDA, Prometheus Operator) are reported as `crd: true` and checked by the caller.
import { readFileSync } from 'node:fs';

const groups = {
  v1: 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'batch/v1': 'kubernetes-models/batch/v1',
  'policy/v1': 'kubernetes-models/policy/v1',
  'autoscaling/v2': 'kubernetes-models/autoscaling/v2',
  'networking.k8s.io/v1': 'kubernetes-models/networking.k8s.io/v1',
};
const crdGroups = new Set(['keda.sh/v1alpha1', 'monitoring.coreos.com/v1']);

const objects = JSON.parse(readFileSync(0, 'utf8'));
const report = [];
for (const [index, obj] of objects.entries()) {
  const entry = { index, kind: obj?.kind, name: obj?.metadata?.name, errors: [] };
  report.push(entry);
  if (crdGroups.has(obj?.apiVersion)) {
    entry.crd = true;
    continue;
  }
  const modulePath = groups[obj?.apiVersion];
  const Model = modulePath ? (await import(modulePath))[obj.kind] : undefined;
  if (!Model) {
    entry.errors.push(`no kubernetes-models class for ${obj?.apiVersion} ${obj?.kind}`);
    continue;
  }
  try {
    new Model(obj).validate();
  } catch (error) {
    entry.errors.push(String(error?.message ?? error));
  }
}
process.stdout.write(JSON.stringify(report));
