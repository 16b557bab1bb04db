-- SalesFlow-like expected schema: extensions. The seed names uuid-ossp and vector (pgvector);
-- the test server has no pgvector, so pgcrypto stands in (lead_embeddings.embedding is real[]).
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE EXTENSION IF NOT EXISTS pgcrypto;
