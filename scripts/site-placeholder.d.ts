export const SITE_DIST: string;
/** Writes a placeholder site/dist/index.html when the site has not been built; true if it did. */
export function ensureSiteDist(): boolean;
