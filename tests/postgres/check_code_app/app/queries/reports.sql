-- Reports run by hand against production.

-- Leads per week
SELECT date_trunc('week', created_at) AS week, COUNT(*) AS leads FROM leads GROUP BY week;

-- Greetings still scheduled in the legacy table
DELETE FROM holidays WHERE holiday_date < '01-01';
