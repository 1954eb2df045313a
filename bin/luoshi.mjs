#!/usr/bin/env node
// The installed `luoshi` command. TypeScript runs through tsx's loader so that there is no
// separate build step between `npm install` and a working CLI.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
