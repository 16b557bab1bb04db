-- dbaudit example "bot": the drifted production database (schema and data).
-- This is what the server kept after the "Deep Cleaning" refactor:
--   * leads and content_plan as they were before the refactor (missing the
--     columns the code added later);
--   * legacy tables holidays, news and subscribers that the code no longer uses;
--   * none of the other 11 tables, indexes, the view or the trigger.
-- Build production.db from this file with ./make-production-db.sh.

BEGIN TRANSACTION;

-- Leads submitted through the quiz/form
CREATE TABLE leads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER,
    name TEXT,
    phone TEXT,
    extra_contact TEXT,
    object_type TEXT,
    city TEXT,
    floor TEXT,
    total_floors TEXT,
    remodeling_status TEXT,
    change_plan TEXT,
    bti_status TEXT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

-- Scheduled posts for the channels
CREATE TABLE content_plan (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    type TEXT NOT NULL,
    title TEXT,
    body TEXT NOT NULL,
    status TEXT DEFAULT 'draft',
    publish_date TIMESTAMP,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

-- Legacy: holidays for scheduled greetings (replaced by clients_birthdays)
CREATE TABLE holidays (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    holiday_date TEXT NOT NULL,
    name TEXT NOT NULL,
    greeting TEXT,
    is_active BOOLEAN DEFAULT 1
);

-- Legacy: news items posted by the old bot
CREATE TABLE news (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    body TEXT,
    source_url TEXT,
    is_published BOOLEAN DEFAULT 0,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

-- Legacy: newsletter subscribers (replaced by users)
CREATE TABLE subscribers (
    user_id INTEGER PRIMARY KEY,
    username TEXT,
    first_name TEXT,
    is_active BOOLEAN DEFAULT 1,
    subscribed_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

INSERT INTO leads (id, user_id, name, phone, extra_contact, object_type, city, floor, total_floors, remodeling_status, change_plan, bti_status, created_at) VALUES
    (1, 184467201, 'Анна Смирнова',    '+7 916 123-45-67', NULL,         'Квартира',      'Москва',          '7',  '17', 'Планируется',  'Объединение кухни и гостиной', 'Есть план БТИ',  '2025-11-03 10:14:22'),
    (2, 392018455, 'Игорь Петров',     '+7 903 555-10-20', '@ipetrov',   'Нежилое помещение', 'Москва',      '1',  '5',  'Выполнена',    'Перенос входной группы',       'Нет документов', '2025-11-12 16:40:05'),
    (3, 517730912, 'Мария Кузнецова',  '+7 925 777-01-02', NULL,         'Квартира',      'Химки',           '12', '25', 'В процессе',   'Перенос санузла',              'Есть техпаспорт', '2025-12-01 09:02:47'),
    (4, 620194388, 'Дмитрий Орлов',    '+7 985 240-33-11', 'orlov@example.com', 'Апартаменты', 'Москва',     '3',  '9',  'Планируется',  'Демонтаж перегородки',         'Есть план БТИ',  '2026-01-15 12:30:00'),
    (5, 731002546, 'Елена Волкова',    '+7 926 318-90-44', NULL,         'Квартира',      'Красногорск',     '5',  '14', 'Получено предписание МЖИ', 'Узаконить перепланировку', 'Нет документов', '2026-02-10 18:05:31');

INSERT INTO content_plan (id, type, title, body, status, publish_date, created_at) VALUES
    (1, 'post',  'Как узаконить перепланировку', 'Пошаговая инструкция: от проекта до акта МЖИ.', 'published', '2025-12-05 10:00:00', '2025-12-01 14:20:00'),
    (2, 'story', 'Кейс: объединение кухни',       'Показываем, что можно и что нельзя при объединении кухни с комнатой.', 'scheduled', '2026-02-20 11:00:00', '2026-02-12 09:45:10'),
    (3, 'post',  'Штрафы за самовольную перепланировку', 'Разбираем, какие штрафы грозят в 2026 году.', 'draft', NULL, '2026-02-15 17:03:58');

INSERT INTO holidays (id, holiday_date, name, greeting, is_active) VALUES
    (1, '01-01', 'Новый год',              'С Новым годом! Пусть ремонт будет лёгким, а документы — в порядке.', 1),
    (2, '03-08', 'Международный женский день', 'Поздравляем с 8 Марта!', 1),
    (3, '05-09', 'День Победы',            'С Днём Победы!', 0);

INSERT INTO news (id, title, body, source_url, is_published, created_at) VALUES
    (1, 'Новые правила согласования перепланировок', 'С 1 марта меняется порядок подачи документов в МЖИ.', 'https://example.com/news/1', 1, '2025-10-20 08:00:00'),
    (2, 'Мосжилинспекция усилила проверки',          'Число выездных проверок выросло на 30%.',            'https://example.com/news/2', 1, '2025-11-18 12:15:00'),
    (3, 'Электронная подача через mos.ru',           'Заявление на перепланировку теперь можно подать онлайн.', 'https://example.com/news/3', 0, '2026-01-09 09:30:00'),
    (4, 'Bot update',                                'Legacy news feed — kept for history.',                NULL,                         0, '2026-02-01 00:00:00');

INSERT INTO subscribers (user_id, username, first_name, is_active, subscribed_at) VALUES
    (184467201, 'anna_smirnova', 'Анна',    1, '2025-09-01 10:00:00'),
    (392018455, 'ipetrov',       'Игорь',   1, '2025-09-14 19:22:10'),
    (517730912, NULL,            'Мария',   0, '2025-10-02 08:41:33'),
    (620194388, 'd_orlov',       'Дмитрий', 1, '2025-10-30 21:05:00'),
    (731002546, 'volkova_e',     'Елена',   1, '2025-12-24 13:13:13'),
    (845512907, 'sergey_k',      'Сергей',  1, '2026-01-11 07:59:59');

COMMIT;
