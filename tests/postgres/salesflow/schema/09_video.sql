-- SalesFlow-like expected schema (after seed 004): Video conferencing (Zoom, Teams, Google Meet).

CREATE TABLE video_meetings (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    lead_id uuid REFERENCES leads(id),
    provider text NOT NULL,
    starts_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE meeting_recordings (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    meeting_id uuid NOT NULL REFERENCES video_meetings(id) ON DELETE CASCADE,
    url text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE meeting_transcripts (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    meeting_id uuid NOT NULL REFERENCES video_meetings(id) ON DELETE CASCADE,
    transcript text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
