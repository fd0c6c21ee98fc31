/**
 * `host:port` as slmgr prints it and events 12288 carry it. Only plain host
 * names, IPv4 and bracketed IPv6 are accepted, so text from a log can never
 * turn into something else inside a suggested command.
 */
export interface HostPort {
  host: string;
  port: number | null;
}

const HOST_NAME = /^[A-Za-z0-9._-]+$/;

export function parseHostPort(value: string): HostPort | null {
  const text = value.trim();
  if (text === '' || /\s/.test(text)) return null;
  const ipv6 = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/i.exec(text);
  if (ipv6) return withPort(ipv6[1]!, ipv6[2]);
  const hostWithPort = /^([^:]+):(\d{1,5})$/.exec(text);
  if (hostWithPort && HOST_NAME.test(hostWithPort[1]!)) return withPort(hostWithPort[1]!, hostWithPort[2]);
  return HOST_NAME.test(text) ? { host: text, port: null } : null;
}

function withPort(host: string, port: string | undefined): HostPort | null {
  if (port === undefined) return { host, port: null };
  const number = Number(port);
  return number >= 1 && number <= 65535 ? { host, port: number } : null;
}
