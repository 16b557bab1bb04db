#include "dbaudit/engine/in_place_dialect.hpp"

namespace dbaudit::engine {

const char* to_string(HazardKind kind) {
    switch (kind) {
        case HazardKind::access_exclusive_lock: return "access_exclusive_lock";
        case HazardKind::blocks_writes: return "blocks_writes";
        case HazardKind::rewrites_table: return "rewrites_table";
        case HazardKind::scans_table: return "scans_table";
        case HazardKind::deletes_data: return "deletes_data";
        case HazardKind::outside_transaction: return "outside_transaction";
    }
    return "unknown";
}

}  // namespace dbaudit::engine
