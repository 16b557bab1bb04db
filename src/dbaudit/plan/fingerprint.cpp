#include "dbaudit/plan/fingerprint.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>

#include "dbaudit/util/fnv_hash.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::plan {

namespace {

using Hasher = util::FnvHash;

std::string hash_of(std::string_view kind, std::string_view name, std::string_view sql) {
    Hasher h;
    h.add(kind);
    h.add(util::ascii_lower(name));
    h.add(sql);
    return h.hex();
}

}  // namespace

SchemaFingerprint fingerprint_live(const model::Catalog& live) {
    SchemaFingerprint out;
    for (const model::Table& table : live.tables) {
        out.objects.push_back({"table", table.name, hash_of("table", table.name, table.sql)});
        for (const model::Index& index : table.indexes)
            if (!index.sql.empty()) out.objects.push_back({"index", index.name, hash_of("index", index.name, index.sql)});
    }
    for (const model::View& view : live.views) out.objects.push_back({"view", view.name, hash_of("view", view.name, view.sql)});
    for (const model::Trigger& trigger : live.triggers)
        out.objects.push_back({"trigger", trigger.name, hash_of("trigger", trigger.name, trigger.sql)});
    std::stable_sort(out.objects.begin(), out.objects.end(), [](const auto& a, const auto& b) {
        return a.kind != b.kind ? a.kind < b.kind : util::ascii_lower(a.name) < util::ascii_lower(b.name);
    });
    Hasher all;
    for (const auto& object : out.objects) all.add(object.hash);
    out.overall = all.hex();
    return out;
}

std::string fingerprint_expected(const model::Catalog& expected) {
    Hasher all;
    for (const auto& object : fingerprint_live(expected).objects) all.add(object.hash);
    for (const model::SeedStatement& seed : expected.seeds) all.add(seed.sql);
    for (const model::RenameAnnotation& rename : expected.renames) {
        all.add(rename.table);
        all.add(rename.column);
        all.add(rename.from);
    }
    return all.hex();
}

std::vector<std::string> what_moved(const std::vector<ObjectFingerprint>& recorded, const std::vector<ObjectFingerprint>& now) {
    std::map<std::pair<std::string, std::string>, const ObjectFingerprint*> before, after;
    for (const auto& object : recorded) before[{object.kind, util::ascii_lower(object.name)}] = &object;
    for (const auto& object : now) after[{object.kind, util::ascii_lower(object.name)}] = &object;
    std::vector<std::string> out;
    for (const auto& [key, object] : before) {
        const auto it = after.find(key);
        if (it == after.end()) out.push_back(object->kind + " " + object->name + " disappeared");
        else if (it->second->hash != object->hash) out.push_back(object->kind + " " + object->name + " changed");
    }
    for (const auto& [key, object] : after)
        if (!before.count(key)) out.push_back(object->kind + " " + object->name + " appeared");
    return out;
}

}  // namespace dbaudit::plan
