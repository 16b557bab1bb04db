-- SalesFlow-like expected schema: the six materialized views.
CREATE MATERIALIZED VIEW view_leads_scored AS
    SELECT l.id, l.owner_id, l.score + calculate_lead_completeness_score(l.id) AS total_score FROM leads l;

CREATE MATERIALIZED VIEW view_followups_scored AS
    SELECT a.lead_id, count(*) FILTER (WHERE NOT a.done) AS open_followups, min(a.due_at) AS next_due
    FROM activities a GROUP BY a.lead_id;

CREATE MATERIALIZED VIEW view_conversion_microsteps AS
    SELECT status, count(*) AS leads FROM leads GROUP BY status;

CREATE MATERIALIZED VIEW view_personality_insights AS
    SELECT disg_type, count(*) AS profiles, avg(confidence) AS avg_confidence FROM personality_profiles GROUP BY disg_type;

CREATE MATERIALIZED VIEW view_squad_performance AS
    SELECT s.id AS squad_id, s.name, count(l.id) AS leads, count(l.id) FILTER (WHERE l.status = 'won') AS won
    FROM squads s LEFT JOIN users u ON u.squad_id = s.id LEFT JOIN leads l ON l.owner_id = u.id
    GROUP BY s.id, s.name;

CREATE MATERIALIZED VIEW view_user_activity_summary AS
    SELECT u.id AS user_id, count(a.id) AS activities, max(a.created_at) AS last_activity
    FROM users u LEFT JOIN activities a ON a.user_id = u.id GROUP BY u.id;
CREATE UNIQUE INDEX view_user_activity_summary_user_idx ON view_user_activity_summary (user_id);
