/**
 * Which packages are prom-client. The library moved to the Prometheus organisation and is now also published as
 * `@prometheus-io/client` (github.com/prometheus/client_js) with the same exports (`Counter`, `Gauge`, `Histogram`,
 * `Summary`, `Registry`, `register`, `collectDefaultMetrics`, …) and the same validation, so everything obslint
 * knows about prom-client holds for both names. Every check that asks "is this prom-client?" asks here.
 */

/** The package names of prom-client: the original and the Prometheus organisation's. */
export const promClientModules: readonly string[] = ['prom-client', '@prometheus-io/client'];

export function isPromClientModule(specifier: string): boolean {
  return promClientModules.includes(specifier);
}

/** A quoted import specifier of either package in source text (a cheap pre-filter before parsing). */
export const promClientImportPattern = /['"](?:prom-client|@prometheus-io\/client)['"]/;

/** Either name anywhere in source text. */
export const promClientMention = /prom-client|@prometheus-io\/client/;

/** A declaration file of either package (typed mode: where a metric's declared type comes from). */
export const promClientTypesPath = /[/\\](?:prom-client|@prometheus-io[/\\]client)[/\\]/;

/** A package.json dependency on either package. */
export const promClientDependency = /^(?:prom-client|@prometheus-io\/client)$/;
