import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";

/**
 * The extensions the migrations create, as PGlite bundles them: every embedded database is opened
 * with these (PostgreSQL ships them in its contrib set). pg_trgm: ticket search that forgives typos.
 */
export const PGLITE_EXTENSIONS = { pg_trgm };
