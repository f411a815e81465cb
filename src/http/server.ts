/**
 * Listening: hands a Hono app to `@hono/node-server` on a host and port (0 = any free port) and
 * answers the URL it got. For composition roots (`serve`, `demo`) and tests.
 */
import type { AddressInfo } from "node:net";

import { serve } from "@hono/node-server";
import type { Hono } from "hono";

import type { HttpEnv } from "./context.js";

/** A listening server. */
export interface ListeningServer {
  /** `http://host:port` (IPv6 hosts in brackets). */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, ends open connections (event streams included) and resolves when closed. */
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/i;

/** True for 127.0.0.0/8, `localhost` and `::1`. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.test(host);
}

/**
 * Starts listening.
 *
 * @example
 * const server = await listen(createHttpApp(deps), { host: "127.0.0.1", port: 0 });
 * console.log(server.url);
 * await server.close();
 */
export function listen(app: Hono<HttpEnv>, options: { readonly host: string; readonly port: number }): Promise<ListeningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, (info: AddressInfo) => {
      server.off("error", reject);
      const host = info.address.includes(":") ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host}:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err === undefined ? done() : fail(err)));
            if ("closeAllConnections" in server) server.closeAllConnections();
          }),
      });
    });
    server.once("error", reject);
  });
}
