CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy', 'great');
CREATE TABLE public.items (
    id int PRIMARY KEY,
    qty bigint NOT NULL,
    code integer,
    price numeric(8,2) CHECK (price >= 0),
    label text,
    m public.mood DEFAULT 'great',
    note text,
    added timestamptz DEFAULT now(),
    uid uuid DEFAULT gen_random_uuid()
);
CREATE TABLE public.parents (id int PRIMARY KEY);
CREATE TABLE public.kids (id int PRIMARY KEY, parent_id int REFERENCES public.parents (id));
CREATE VIEW public.items_view AS SELECT id, qty, label FROM public.items;
CREATE VIEW public.items_view_2 AS SELECT id FROM public.items_view;
CREATE INDEX items_label_idx ON public.items (label);
