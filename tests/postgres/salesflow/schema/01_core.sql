-- SalesFlow-like expected schema (after seed 004): Core.

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
    source text,
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
