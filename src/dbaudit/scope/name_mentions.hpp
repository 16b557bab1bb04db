// The names a piece of SQL mentions (a view's definition, a default, a trigger body), read
// without parsing: identifiers and dotted chains of them, quoted identifiers unquoted, string
// literals read too (nextval('public.orders_id_seq') names a sequence). Over-reading is harmless
// here: a candidate counts only when it is the name of an object of the schema.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dbaudit::scope {

// Every single name and every adjacent pair "a.b" of a dotted chain, in order, with repeats.
std::vector<std::string> mentioned_names(std::string_view sql);

}  // namespace dbaudit::scope
