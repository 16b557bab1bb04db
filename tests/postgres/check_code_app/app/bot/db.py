"""The bot's database access, psycopg style: PostgreSQL flavour of tests/fixtures/check_code_app."""


def add_lead(cur, user_id, name, phone, area):
    cur.execute("INSERT INTO leads (user_id, name, phone, area) VALUES (%s, %s, %s, %s)", (user_id, name, phone, area))


def add_spy_lead(cur, lead):
    cur.execute(
        """INSERT INTO spy_leads (source_type, source_name, url, pain_stage, priority_score)
           VALUES (%(source_type)s, %(source_name)s, %(url)s, %(pain_stage)s, %(priority_score)s)""",
        lead,
    )


def recent_leads(cur, limit):
    cur.execute("SELECT l.id, l.name, phone, city FROM leads l ORDER BY l.created_at DESC LIMIT %s", (limit,))


def user_name(cur, user_id):
    cur.execute("SELECT nme FROM users WHERE user_id = %s", (user_id,))


def todays_holiday(cur, day):
    cur.execute("SELECT name, greeting FROM holidays WHERE holiday_date = %s", (day,))


def migrate(cur):
    cur.execute("ALTER TABLE spy_leads ADD COLUMN pain_stage TEXT")


def add_post(cur, title, body):
    cur.execute("INSERT INTO content_plan (type, title, body) VALUES ('post', %s, %s)", (title, body))


def typo(cur, city):
    cur.execute("SELECT id FROM leads WHERE city = %s ORDER BY id DESC LIMT 5", (city,))


def count_rows(cur, table):
    cur.execute(f"SELECT COUNT(*) FROM {table}")
