#include "dbaudit/snapshot/binary_catalog.hpp"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "dbaudit/snapshot/model_fields.hpp"

namespace dbaudit::snapshot {

namespace {

// Unsigned LEB128 varints; signed values zigzag-encoded first.
class Writer {
public:
    void number(std::uint64_t value) {
        while (value >= 0x80) {
            m_out.push_back(static_cast<char>((value & 0x7f) | 0x80));
            value >>= 7;
        }
        m_out.push_back(static_cast<char>(value));
    }
    void signed_number(std::int64_t value) {
        number((static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63));
    }
    void text(std::string_view value) {
        number(value.size());
        m_out.append(value);
    }
    std::string take() { return std::move(m_out); }

private:
    std::string m_out;
};

class Reader {
public:
    explicit Reader(std::string_view bytes) : m_bytes(bytes) {}
    std::uint64_t number() {
        std::uint64_t value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_at >= m_bytes.size()) truncated();
            const auto byte = static_cast<unsigned char>(m_bytes[m_at++]);
            value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            if (!(byte & 0x80)) return value;
        }
        throw std::runtime_error("damaged number");
    }
    std::int64_t signed_number() {
        const std::uint64_t value = number();
        return static_cast<std::int64_t>((value >> 1) ^ (~(value & 1) + 1));
    }
    std::size_t count() {
        const std::uint64_t value = number();
        if (value > m_bytes.size() - m_at) truncated();  // every element takes at least a byte
        return static_cast<std::size_t>(value);
    }
    void text(std::string& out) {
        const std::size_t size = count();
        out.assign(m_bytes.substr(m_at, size));
        m_at += size;
    }
    bool at_end() const { return m_at == m_bytes.size(); }

private:
    [[noreturn]] static void truncated() { throw std::runtime_error("the data ends early"); }

    std::string_view m_bytes;
    std::size_t m_at = 0;
};

void put(Writer& out, const std::string& value);
void put(Writer& out, bool value);
void put(Writer& out, int value);
void put(Writer& out, long long value);
template <typename E>
    requires std::is_enum_v<E>
void put(Writer& out, E value);
template <typename U>
void put(Writer& out, const std::vector<U>& values);
template <typename U>
void put(Writer& out, const std::optional<U>& value);
template <Described T>
void put(Writer& out, const T& value);

void get(Reader& in, std::string& out);
void get(Reader& in, bool& out);
void get(Reader& in, int& out);
void get(Reader& in, long long& out);
template <typename E>
    requires std::is_enum_v<E>
void get(Reader& in, E& out);
template <typename U>
void get(Reader& in, std::vector<U>& out);
template <typename U>
void get(Reader& in, std::optional<U>& out);
template <Described T>
void get(Reader& in, T& out);

void put(Writer& out, const std::string& value) { out.text(value); }
void put(Writer& out, bool value) { out.number(value ? 1 : 0); }
void put(Writer& out, int value) { out.signed_number(value); }
void put(Writer& out, long long value) { out.signed_number(value); }
template <typename E>
    requires std::is_enum_v<E>
void put(Writer& out, E value) {
    out.number(static_cast<std::uint64_t>(value));
}
template <typename U>
void put(Writer& out, const std::vector<U>& values) {
    out.number(values.size());
    for (const U& value : values) put(out, value);
}
template <typename U>
void put(Writer& out, const std::optional<U>& value) {
    put(out, value.has_value());
    if (value) put(out, *value);
}
template <Described T>
void put(Writer& out, const T& value) {
    for_each_field<T>([&](const auto& f) { put(out, value.*f.member); });
}

void get(Reader& in, std::string& out) { in.text(out); }
void get(Reader& in, bool& out) { out = in.number() != 0; }
void get(Reader& in, int& out) { out = static_cast<int>(in.signed_number()); }
void get(Reader& in, long long& out) { out = in.signed_number(); }
template <typename E>
    requires std::is_enum_v<E>
void get(Reader& in, E& out) {
    out = static_cast<E>(in.number());
}
template <typename U>
void get(Reader& in, std::vector<U>& out) {
    out.resize(in.count());
    for (U& value : out) get(in, value);
}
template <typename U>
void get(Reader& in, std::optional<U>& out) {
    bool present = false;
    get(in, present);
    if (!present) return out.reset();
    out.emplace();
    get(in, *out);
}
template <Described T>
void get(Reader& in, T& out) {
    for_each_field<T>([&](const auto& f) { get(in, out.*f.member); });
}

}  // namespace

std::string write_binary_catalog(const model::Catalog& catalog) {
    Writer out;
    put(out, catalog);
    return out.take();
}

model::Catalog read_binary_catalog(std::string_view bytes) {
    Reader in(bytes);
    model::Catalog catalog;
    get(in, catalog);
    if (!in.at_end()) throw std::runtime_error("unexpected data after the catalog");
    return catalog;
}

}  // namespace dbaudit::snapshot
