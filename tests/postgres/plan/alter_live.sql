CREATE TYPE public.mood AS ENUM ('sad', 'happy');
CREATE TABLE public.items (id int PRIMARY KEY, qty int, code text, price numeric(8,2), label varchar(20), m public.mood, note text DEFAULT 'x');
CREATE TABLE public.parents (id int PRIMARY KEY);
CREATE TABLE public.kids (id int PRIMARY KEY, parent_id int);
CREATE VIEW public.items_view AS SELECT id, qty FROM public.items;
CREATE VIEW public.items_view_2 AS SELECT id FROM public.items_view;
INSERT INTO public.items VALUES (1, 5, '42', 9.50, 'first', 'happy', 'n1'), (2, 7, '7', 1.00, 'second', 'sad', NULL);
INSERT INTO public.parents VALUES (1), (2);
INSERT INTO public.kids VALUES (10, 1), (11, 2);
