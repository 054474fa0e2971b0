// Canonical JSON (RFC 8785, JSON Canonicalization Scheme) and small JSON helpers.
//
// Ledger leaves are canonical JSON so that the same event always has the same bytes and
// the same hash, whoever serialises it. Only this file knows the JCS rules.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace sunlight::jcs {

// Serialises `value` per RFC 8785: object members sorted by their UTF-16 code units, no
// insignificant whitespace, ECMAScript number formatting, minimal string escaping.
// Throws std::domain_error for values JCS cannot represent: non-finite numbers, integers
// beyond ±2^53 (they would not survive an IEEE-754 double), and strings that are not UTF-8.
std::string canonical(const nlohmann::json& value);
// The same, appended to `out` (for assembling a canonical object whose members are known).
void append_canonical(const nlohmann::json& value, std::string& out);

// A string in its canonical form, appended to `out`. Throws std::domain_error unless UTF-8.
void append_string(std::string_view text, std::string& out);

// ECMAScript Number::toString for a finite double (the JCS number form).
std::string format_number(double value);

}  // namespace sunlight::jcs
