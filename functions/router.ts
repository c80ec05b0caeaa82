/** The Hono environment of every route, and the one way routers are made (so every router validates alike). */
import { OpenAPIHono } from '@hono/zod-openapi';
import { issuesToErrors } from '../src/index.ts';
import { badRequest } from './problem.ts';

export interface AppEnv {
  Bindings: Env;
}

/** A router whose request validation failures become a 400 problem naming every bad field. */
export function newRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw badRequest(issuesToErrors(result.error));
    },
  });
}
