// The service's database pool (node-postgres), with named parameters rewritten by a helper.
import { Pool } from 'pg';

export const db = new Pool({ connectionString: process.env.DATABASE_URL });
