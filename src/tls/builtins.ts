/**
 * node:tls and node:https, loaded on first use. Both backends import the TLS clients'
 * modules at start-up (the image store's registry client, the Engine client), while most
 * commands open no TLS connection at all: a registry is contacted only by a pull or a push,
 * and an Engine is usually behind a unix socket. Loading the two eagerly cost `compose ps`
 * ~15 of its ~145 ms on the docker backend and 3-6 ms on the native one.
 */
import { createRequire } from 'node:module';
import type https from 'node:https';
import type tls from 'node:tls';

const requireHere = createRequire(import.meta.url);

export const tlsModule = (): typeof tls => requireHere('node:tls') as typeof tls;
export const httpsModule = (): typeof https => requireHere('node:https') as typeof https;
