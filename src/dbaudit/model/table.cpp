#include "dbaudit/model/table.hpp"

#include "dbaudit/util/text.hpp"

namespace dbaudit::model {

const Column* Table::find_column(std::string_view column_name, bool case_insensitive) const {
    for (const Column& column : columns) {
        if (case_insensitive ? util::iequals(column.name, column_name) : column.name == column_name)
            return &column;
    }
    return nullptr;
}

}  // namespace dbaudit::model
