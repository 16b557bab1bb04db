-- The production database of the SalesFlow-like scenario: 15 of the expected tables, both
-- extensions, 3 functions, no materialized views, RLS off on leads, and a legacy table.
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    email text NOT NULL UNIQUE,
    full_name text,
    role text NOT NULL DEFAULT 'rep',
    squad_id uuid,
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE users IS 'People who use SalesFlow';
CREATE TABLE squads (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    name text NOT NULL,
    leader_id uuid REFERENCES users(id),
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE squads IS 'Teams of reps';
CREATE TABLE leads (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    owner_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name text NOT NULL,
    email text,
    phone text,
    status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'contacted', 'qualified', 'won', 'lost')),
    score integer NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE leads IS 'Prospects a rep works on';
CREATE INDEX leads_owner_idx ON leads (owner_id);
CREATE INDEX leads_status_idx ON leads (status) WHERE status <> 'lost';
CREATE TABLE activities (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    lead_id uuid NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    user_id uuid REFERENCES users(id),
    kind text NOT NULL,
    due_at timestamptz,
    done boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE activities IS 'Calls, meetings and tasks per lead';
CREATE INDEX activities_lead_idx ON activities (lead_id, due_at);
CREATE TABLE messages (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    lead_id uuid NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    channel text NOT NULL,
    body text NOT NULL,
    sent_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE messages IS 'Messages exchanged with leads';
CREATE TABLE notes (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    lead_id uuid NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    author_id uuid REFERENCES users(id),
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE notes IS 'Free-text notes on leads';
ALTER TABLE users ADD CONSTRAINT users_squad_fk FOREIGN KEY (squad_id) REFERENCES squads (id) DEFERRABLE INITIALLY DEFERRED;
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

CREATE FUNCTION calculate_lead_completeness_score(p_lead_id uuid) RETURNS integer
LANGUAGE sql STABLE AS $$
    SELECT (CASE WHEN email IS NOT NULL THEN 50 ELSE 0 END) + (CASE WHEN phone IS NOT NULL THEN 50 ELSE 0 END)
    FROM leads WHERE id = p_lead_id
$$;

CREATE FUNCTION check_lead_limit(p_user_id uuid) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT count(*) FROM leads WHERE owner_id = p_user_id) < 1000;
END
$$;

CREATE FUNCTION get_best_contact_window(p_lead_id uuid) RETURNS TABLE (weekday smallint, hour smallint)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT 2::smallint, 10::smallint;
END
$$;

CREATE TABLE old_contacts (id serial PRIMARY KEY, name text, phone text);
