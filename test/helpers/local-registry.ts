import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';

/** One entry of package-lock.json's `packages`. */
interface LockEntry {
  name?: string;
  version: string;
  integrity?: string;
  license?: string;
  dev?: boolean;
  bin?: Record<string, string>;
  engines?: Record<string, string>;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, unknown>;
  hasInstallScript?: boolean;
}

export interface LocalRegistry {
  url: string;
  /** Every path asked for, in order. */
  requests: string[];
  /** Tarballs asked for that npm's cache does not hold. */
  missing: string[];
  /** Bytes of the tarballs served, ours included: what a user downloads. */
  served: () => number;
  close(): Promise<void>;
}

/** Where npm's cache (cacache) keeps the bytes of an integrity, `sha512-…`. */
function cachedContent(cache: string, integrity: string): string {
  const [algorithm, base64] = integrity.split('-', 2) as [string, string];
  const hex = Buffer.from(base64, 'base64').toString('hex');
  return path.join(cache, '_cacache', 'content-v2', algorithm, hex.slice(0, 2), hex.slice(2, 4), hex.slice(4));
}

/**
 * An npm registry on 127.0.0.1 that knows only the packages a lock file names, at the
 * versions it names, plus one package of ours served from a packed tarball: the npm
 * registry as a user's `npm install -g` meets it, without the network. Every other
 * package's tarball is served from npm's cache (`npmCache`, as `npm ci` filled it) by its
 * integrity; one that is not there is answered 404 and listed in `missing`.
 */
export async function localRegistry(
  lockFile: string,
  own: { manifest: Record<string, unknown>; tarball: string },
  npmCache: string,
): Promise<LocalRegistry> {
  const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as { packages: Record<string, LockEntry> };
  const versions = new Map<string, Map<string, LockEntry>>();
  for (const [where, entry] of Object.entries(lock.packages)) {
    if (where === '' || entry.dev) continue;
    const name = entry.name ?? where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (!versions.has(name)) versions.set(name, new Map());
    versions.get(name)!.set(entry.version, entry);
  }
  const requests: string[] = [];
  const missing: string[] = [];
  let served = 0;
  let base = '';
  const ownName = own.manifest['name'] as string;
  const ownVersion = own.manifest['version'] as string;
  const packument = (name: string): object | undefined => {
    if (name === ownName) {
      const file = path.basename(own.tarball);
      const manifest = { ...own.manifest, _hasShrinkwrap: true, dist: { tarball: `${base}/-/own/${file}` } };
      return { name, 'dist-tags': { latest: ownVersion }, versions: { [ownVersion]: manifest } };
    }
    const known = versions.get(name);
    if (!known) return undefined;
    const out: Record<string, object> = {};
    for (const [version, e] of known) {
      const { dev: _dev, integrity, hasInstallScript, ...fields } = e;
      out[version] = {
        ...fields,
        name,
        version,
        ...(hasInstallScript ? { scripts: { install: 'true' } } : {}),
        dist: { tarball: `${base}/-/cache/${encodeURIComponent(name)}/${version}.tgz`, integrity },
      };
    }
    const latest = [...known.keys()].at(-1)!;
    return { name, 'dist-tags': { latest }, versions: out };
  };
  const server: Server = createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    requests.push(url);
    if (url.startsWith('/-/own/')) {
      const bytes = readFileSync(own.tarball);
      served += bytes.length;
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(bytes);
      return;
    }
    const cached = /^\/-\/cache\/(.+)\/([^/]+)\.tgz$/.exec(url);
    if (cached) {
      const integrity = versions.get(cached[1]!)?.get(cached[2]!)?.integrity;
      const file = integrity === undefined ? undefined : cachedContent(npmCache, integrity);
      if (file !== undefined && existsSync(file)) {
        const bytes = readFileSync(file);
        served += bytes.length;
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(bytes);
      } else {
        missing.push(url);
        res.writeHead(404);
        res.end();
      }
      return;
    }
    const body = url.startsWith('/-/') ? undefined : packument(url.slice(1));
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"not found"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${address.port}`;
  return { url: `${base}/`, requests, missing, served: () => served, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
