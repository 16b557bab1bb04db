-- SalesFlow-like expected schema (after seed 004): Gamification (badges, streaks, leaderboards).

CREATE TABLE badges (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    name text NOT NULL UNIQUE,
    threshold integer NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_achievements (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    user_id uuid NOT NULL REFERENCES users(id),
    badge_id uuid NOT NULL REFERENCES badges(id),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE daily_streaks (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    user_id uuid NOT NULL REFERENCES users(id),
    day date NOT NULL,
    count integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE leaderboard_entries (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    user_id uuid NOT NULL REFERENCES users(id),
    period text NOT NULL,
    points integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE squad_challenges (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    squad_id uuid NOT NULL REFERENCES squads(id),
    goal text NOT NULL,
    ends_on date,
    created_at timestamptz NOT NULL DEFAULT now()
);
