// What PostgreSQL does when a column changes type, judged from the two types as format_type
// prints them ("integer", "character varying(50)", "numeric(10,2)", "public.mood"): whether the
// stored bytes stay valid (no rewrite), whether the values only widen (nothing can be lost), and
// whether ALTER COLUMN ... TYPE needs a USING clause (no implicit or assignment cast).
#pragma once

#include <string>
#include <string_view>

namespace dbaudit::engine::postgres {

// A coarse family for suspected renames: "integer", "numeric", "string", "time", "boolean",
// "json", or the type name without its modifiers.
std::string type_family(std::string_view type);

// Binary-coercible or a looser modifier of the same type: ALTER COLUMN TYPE rewrites nothing.
bool keeps_storage(std::string_view from, std::string_view to);

// Every value of `from` has an equal value in `to` (integer -> bigint, varchar(20) -> text ...).
bool widens(std::string_view from, std::string_view to);

// PostgreSQL casts `from` to `to` on assignment (so ALTER COLUMN TYPE works without USING).
bool assignment_castable(std::string_view from, std::string_view to);

}  // namespace dbaudit::engine::postgres
