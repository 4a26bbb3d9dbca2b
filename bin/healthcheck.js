#!/usr/bin/env node
// The container's HEALTHCHECK: healthy when /healthz answers 200 on the Slack HTTP port (PORT) or on
// the operations port (OPS_PORT), whichever this deployment serves. No dependencies, 2 s at most.
import { request } from 'node:http';

const ports = [process.env.PORT ?? '3000', process.env.OPS_PORT ?? '9090'].filter((p) => p !== '0');
const probe = (port) =>
  new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/healthz', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
const results = await Promise.all(ports.map(probe));
process.exitCode = results.some(Boolean) ? 0 : 1;
