// Test-only entry point (`@rp/mapping/testing`): builders of normalised OneRoster records and mapping contexts, shared
// by the mapping specs and the apps' tests. Never imported by production code.
export * from './provisioning/testing/records';
