-- SalesFlow-like expected schema (after seed 004): AI & Knowledge.

CREATE TABLE lead_context_summaries (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    lead_id uuid NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    summary text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE lead_embeddings (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    lead_id uuid NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    embedding real[] NOT NULL,
    model text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ai_recommendations (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    lead_id uuid REFERENCES leads(id) ON DELETE CASCADE,
    recommendation text NOT NULL,
    confidence numeric(4,3),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ai_coaching_sessions (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    user_id uuid NOT NULL REFERENCES users(id),
    transcript text,
    rating smallint,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE compliance_logs (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    user_id uuid REFERENCES users(id),
    output text NOT NULL,
    flagged boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE bant_assessments (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    lead_id uuid NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    budget smallint,
    authority smallint,
    need smallint,
    timeline smallint,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE personality_profiles (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    lead_id uuid NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    disg_type char(1) NOT NULL,
    confidence numeric(4,3),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE success_patterns (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    pattern text NOT NULL,
    win_rate numeric(5,2),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE playbook_executions (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    lead_id uuid REFERENCES leads(id),
    playbook text NOT NULL,
    step integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE channel_performance_metrics (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    channel text NOT NULL,
    period date NOT NULL,
    replies integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE knowledge_base (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    title text NOT NULL,
    content text NOT NULL,
    tags text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX knowledge_base_tags_idx ON knowledge_base USING gin (tags);

CREATE TABLE objection_library (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    objection text NOT NULL,
    response text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE products (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    name text NOT NULL,
    price_cents integer NOT NULL CHECK (price_cents >= 0),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE lead_product_interactions (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    lead_id uuid NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    product_id uuid NOT NULL REFERENCES products(id),
    interest smallint,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE success_stories (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    product_id uuid REFERENCES products(id),
    story text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
