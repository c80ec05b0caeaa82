#!/usr/bin/env node
// The CLI is TypeScript run through tsx's loader, so `npx initlab` works straight after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
