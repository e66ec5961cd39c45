/**
 * Temporary alias of yaml-values.ts for the rules that still import it by its old name (slo-references,
 * alert-for, slo-alerting). Import from `yaml-values.js`; delete this file once rules/ no longer names it.
 */
export * from './yaml-values.js';
