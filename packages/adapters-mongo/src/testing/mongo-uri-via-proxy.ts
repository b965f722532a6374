import type { TcpAddress } from './tcp-proxy.ts';

/** The one server a `mongodb://` URI names: what a TcpProxy forwards to. */
export function mongoServerAddress(uri: string): TcpAddress {
  const url = parseSingleHost(uri);
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(url.port || 27017) };
}

/**
 * The same URI, but connecting through `proxy`. directConnection=true (and no replicaSet)
 * keeps the driver on the proxy: otherwise it would learn the replica set members' own
 * addresses from the server and connect to them around the proxy.
 */
export function mongoUriVia(uri: string, proxy: TcpAddress): string {
  const url = parseSingleHost(uri);
  url.host = `${proxy.host}:${proxy.port}`;
  url.searchParams.delete('replicaSet');
  url.searchParams.set('directConnection', 'true');
  return url.toString();
}

/** A seed list (`host1,host2`) is no valid URL host, so this also refuses replica set seed lists. */
function parseSingleHost(uri: string): URL {
  const url = URL.canParse(uri) ? new URL(uri) : undefined;
  if (url === undefined || url.protocol !== 'mongodb:' || url.hostname === '') {
    throw new Error('a proxy can only stand in for a single-host mongodb:// URI');
  }
  return url;
}
