// FNV-1a, 64 bits, over a sequence of fields: for staleness checks and cache keys, not a security
// boundary (whoever can write the cache or the plan file can change anything anyway).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace dbaudit::util {

class FnvHash {
public:
    // Adds one field; fields are separated, so ("ab", "c") and ("a", "bc") hash differently.
    void add(std::string_view text) {
        for (unsigned char c : text) {
            m_state ^= c;
            m_state *= 0x100000001b3ULL;
        }
        m_state ^= 0xff;  // field separator
        m_state *= 0x100000001b3ULL;
    }
    std::string hex() const {
        char buffer[17];
        std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(m_state));
        return buffer;
    }

private:
    std::uint64_t m_state = 0xcbf29ce484222325ULL;
};

}  // namespace dbaudit::util
