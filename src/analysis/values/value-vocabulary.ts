/**
 * The vocabulary of the value-source analysis: which members of a request are unbounded (URLs, parameters,
 * headers…) or bounded (the method, the route template), which calls generate fresh values (UUIDs, timestamps), and
 * which identifier names say "one value per user / order / session". Data, kept apart from the interpreter in
 * value-sources.ts that applies it.
 */
export type RequestPart = 'params' | 'query' | 'headers' | 'body' | 'cookies';

export const partReasons: Record<RequestPart, { reason: string; per: string }> = {
  params: { reason: 'a request path parameter', per: 'distinct path parameter value' },
  query: { reason: 'a query-string parameter', per: 'distinct query value' },
  headers: { reason: 'a request header', per: 'distinct header value' },
  body: { reason: 'the request body', per: 'distinct value clients send' },
  cookies: { reason: 'a cookie', per: 'distinct cookie value' },
};

export const requestParts: Record<string, RequestPart> = {
  params: 'params',
  query: 'query',
  headers: 'headers',
  rawHeaders: 'headers',
  body: 'body',
  rawBody: 'body',
  files: 'body',
  cookies: 'cookies',
  signedCookies: 'cookies',
};

/** Members of a request that are raw input. */
export const unboundedRequestMembers: Record<string, { reason: string; per: string }> = {
  url: { reason: 'the request URL', per: 'distinct URL' },
  originalUrl: { reason: 'the request URL', per: 'distinct URL' },
  href: { reason: 'the request URL', per: 'distinct URL' },
  path: { reason: 'the request path (not the route template)', per: 'distinct path' },
  pathname: { reason: 'the request path (not the route template)', per: 'distinct path' },
  querystring: { reason: 'the query string', per: 'distinct query string' },
  search: { reason: 'the query string', per: 'distinct query string' },
  ip: { reason: 'the client IP address', per: 'client address' },
  ips: { reason: 'the client IP addresses', per: 'client address' },
  hostname: { reason: 'the Host header', per: 'distinct host name clients send' },
  id: { reason: 'the per-request id', per: 'request' },
};

/** Members of a request that are bounded: the HTTP method, the protocol, the route template. */
export const boundedRequestMembers: Record<string, string> = {
  method: 'the HTTP method',
  protocol: 'the protocol',
  secure: 'a boolean',
  xhr: 'a boolean',
  httpVersion: 'the HTTP version',
  routerPath: 'the route template',
  routePath: 'the route template',
  _matchedRoute: 'the route template',
  matchedRoute: 'the route template',
};

/** Members of a request that are neither: judged unknown, and not by their name (`baseUrl` is the mount path). */
export const opaqueRequestMembers = new Set([
  'baseUrl',
  'mountpath',
  'user',
  'session',
  'locals',
  'app',
  'res',
  'socket',
  'connection',
]);

/** Calls whose result is different every time. */
export const generators: { test: RegExp; reason: string; per: string }[] = [
  {
    test: /^(crypto\.)?randomUUID$|^(uuid\.)?v[1-7]$|^uuid(v[1-7])?$|^nanoid$|^cuid2?$|^createId$|^ulid$|^(crypto\.)?randomBytes$|^generateId$/i,
    reason: 'a generated id',
    per: 'call',
  },
  {
    test: /^Date\.now$|^performance\.now$|^process\.hrtime(\.bigint)?$|^Date$/,
    reason: 'the current time',
    per: 'call',
  },
  { test: /^Math\.random$/, reason: 'a random number', per: 'call' },
  { test: /^JSON\.stringify$/, reason: 'serialized JSON', per: 'distinct object' },
];

/** Methods that keep the value's identity (a lower-cased URL is still a URL). */
export const preservingMethods = new Set([
  'toString',
  'toLowerCase',
  'toUpperCase',
  'toLocaleLowerCase',
  'toLocaleUpperCase',
  'trim',
  'trimStart',
  'trimEnd',
  'normalize',
  'toFixed',
  'toPrecision',
  'valueOf',
  'padStart',
  'padEnd',
  'toISOString',
  'toUTCString',
  'toJSON',
  'getTime',
  'toLocaleString',
  'toDateString',
  'toTimeString',
  'slice',
  'substring',
  'substr',
  'replace',
  'replaceAll',
  'concat',
]);

/** Pure numeric helpers: bounded in, bounded out; unbounded in, unbounded out. */
export const mathFunctions = new Set([
  'Math.floor',
  'Math.ceil',
  'Math.round',
  'Math.trunc',
  'Math.abs',
  'Math.min',
  'Math.max',
  'Math.sign',
  'String',
  'Number',
  'BigInt',
  'encodeURIComponent',
  'encodeURI',
  'decodeURIComponent',
]);

export const errorNames = /^(e|err|error|ex|exc|exception|cause|reason)$/i;
export const requestNames = /^(req|request|incomingMessage)$/;
export const requestTypes = /^(Request|IncomingMessage|FastifyRequest|ExpressRequest|Http2ServerRequest|HonoRequest)$/;
export const contextTypes = /^(Context|ParameterizedContext|RouterContext|KoaContext)$/;
export const statusClassHelper = /^(get|to)?(http)?status(code)?(class|family|group|range|bucket|category)$/i;
export const statusMembers = new Set(['statusCode', 'status']);

/**
 * Members only URL objects have (WHATWG `URL`, `Location`, `url.parse`): reading one is structural evidence of a URL
 * path, whatever the object is called — not a guess from a name.
 */
export const urlPathMembers: Readonly<Record<string, { reason: string; per: string }>> = {
  pathname: { reason: 'a URL path', per: 'distinct path' },
  href: { reason: 'a URL', per: 'distinct URL' },
};

// ---------------------------------------------------------------------------------------------------------------
// Names that identify one entity each

/** Prefixes of `…Id` names that identify members of small, fixed sets. */
export const boundedIdPrefixes =
  /^(shard|partition|worker|region|zone|cluster|type|kind|status|state|category|env|environment|version|locale|lang|language|country|currency|provider|pool|queue|topic|channel|platform|feature|flag|experiment|variant|tier|level|priority|stage|step|phase|role|scope|tenant|job|task|cron|schedule|handler|route|endpoint|operation|action|metric|model|plugin|integration|addon|strategy|connector|service|app|application|component|module|rule|policy|template|config|setting|job_?type|error_?code)$/i;

export interface NameMeaning {
  reason: string;
  per: string;
}

export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.\-\s]+/g, ' ')
    .trim()
    .toLowerCase()
    .split(' ')
    .filter(Boolean);
}

/** Does the name say "one value per entity" (`userId`, `user_email`, `sessionToken`, `createdAt`)? */
export function unboundedName(name: string): NameMeaning | undefined {
  const parts = words(name);
  if (parts.length === 0) return undefined;
  const last = parts[parts.length - 1]!;
  const head = parts.slice(0, -1);
  const entity = head.length ? head.join(' ') : undefined;
  if (['id', 'ids', 'uuid', 'guid', 'ulid'].includes(last)) {
    if (entity && boundedIdPrefixes.test(head.join('_'))) return undefined;
    return { reason: `its name \`${name}\` says it is an id`, per: entity ? `${entity}` : 'id' };
  }
  if (last === 'sku' || last === 'isbn' || last === 'ean' || last === 'gtin')
    return { reason: `its name \`${name}\` says it is a product identifier`, per: 'product' };
  if (
    last === 'email' ||
    (last === 'address' && head[head.length - 1] === 'email') ||
    (last === 'mail' && head[head.length - 1] === 'e')
  ) {
    return { reason: `its name \`${name}\` says it is an email address`, per: 'email address' };
  }
  if (last === 'token' || (last === 'key' && head[head.length - 1] === 'api'))
    return { reason: `its name \`${name}\` says it is a token`, per: 'token' };
  if (
    last === 'username' ||
    (last === 'name' &&
      ['user', 'first', 'last', 'full', 'display', 'customer', 'account'].includes(head[head.length - 1] ?? ''))
  ) {
    return { reason: `its name \`${name}\` says it is a person's name`, per: 'person' };
  }
  if (
    last === 'ip' ||
    (last === 'address' && ['ip', 'remote', 'client'].includes(head[head.length - 1] ?? '')) ||
    (last === 'addr' && head.length > 0)
  ) {
    return { reason: `its name \`${name}\` says it is an IP address`, per: 'client address' };
  }
  if (last === 'url' || last === 'uri' || last === 'href')
    return { reason: `its name \`${name}\` says it is a URL`, per: 'distinct URL' };
  if (last === 'timestamp' || (parts.length === 2 && last === 'at' && /ed$/.test(parts[0]!)))
    return { reason: `its name \`${name}\` says it is a timestamp`, per: 'distinct time' };
  if (parts.length === 2 && parts[0] === 'session' && last === 'key')
    return { reason: `its name \`${name}\` says it is a session key`, per: 'session' };
  return undefined;
}
