#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx so a checkout works after `npm install`.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
