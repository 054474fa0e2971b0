// Events as types. Each event type is a struct that lists its fields once — the name each has
// in the leaf, whether it is public data or part of the personal payload (of which the leaf
// holds only a commitment), and what it means:
//
//   struct CaseClaimed {
//     static constexpr const char* kType = "case.claimed";
//     static constexpr const char* kDoc = "an officer takes the case";
//     std::string no, officer;
//     static constexpr auto fields() {
//       return std::tuple{data("no", &CaseClaimed::no, "the case number"),
//                         data("officer", &CaseClaimed::officer, "the officer's id")};
//     }
//   };
//
// From that one list come the event's serialisation (`to_event`, used by the code that
// decides), its parsing (`from_leaf`, used by the code that applies, live and on replay), and
// its documentation (`describe`, from which docs/events.md is generated). Because decide and
// apply share the struct, a field cannot be written under one name and read under another.
//
// Field types: std::string, bool, integers, nlohmann::json (an opaque document such as a
// catalogue record or a form), std::optional<T> (absent from the leaf when empty),
// std::vector<T>, std::map<std::string, T>, and structs that list their own fields() (all
// `data`). Personal fields are std::optional: a payload can be erased (subject.erased), and
// appliers must then do without it.
//
// The bytes stay those of the hand-built JSON the log has always held: `rebuild` parses every
// leaf into its type and serialises it again, and fails unless the bytes are identical.
#pragma once

#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>

#include "core/json.h"
#include "ledger/event.h"
#include "ledger/sequencer.h"

namespace sunlight::ledger {

enum class Part { kData, kPersonal };

namespace event_internal {

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};
template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};
template <typename T>
struct IsMap : std::false_type {};
template <typename T>
struct IsMap<std::map<std::string, T>> : std::true_type {};

}  // namespace event_internal

template <typename E, typename T>
struct Field {
  const char* name;
  T E::*member;
  Part part;
  const char* doc;
};

template <typename E, typename T>
constexpr Field<E, T> data(const char* name, T E::*member, const char* doc) {
  return {name, member, Part::kData, doc};
}
template <typename E, typename T>
constexpr Field<E, T> personal(const char* name, T E::*member, const char* doc) {
  static_assert(event_internal::IsOptional<T>::value,
                "a personal field is optional: its payload can be erased");
  return {name, member, Part::kPersonal, doc};
}

// A malformed leaf (a field missing or of the wrong type): names the event and the field.
struct BadEvent : std::runtime_error {
  using std::runtime_error::runtime_error;
};

namespace event_internal {

template <typename T>
concept Described = requires {
  T::fields();
};

template <typename T>
nlohmann::json write(const T& v);
template <typename T>
T read(const nlohmann::json& j);

template <typename S>
void write_fields(const S& v, Part part, nlohmann::json& out) {
  std::apply(
      [&](const auto&... f) {
        auto one = [&](const auto& field) {
          if (field.part != part) return;
          const auto& value = v.*(field.member);
          if constexpr (IsOptional<std::decay_t<decltype(value)>>::value) {
            if (!value) return;
            out[field.name] = write(*value);
          } else {
            out[field.name] = write(value);
          }
        };
        (one(f), ...);
      },
      S::fields());
}

template <typename S>
void read_fields(S& v, Part part, const nlohmann::json& in) {
  std::apply(
      [&](const auto&... f) {
        auto one = [&](const auto& field) {
          if (field.part != part) return;
          auto& value = v.*(field.member);
          using T = std::decay_t<decltype(value)>;
          auto it = in.find(field.name);
          if constexpr (IsOptional<T>::value) {
            if (it == in.end()) return;
            value = read<typename T::value_type>(*it);
          } else {
            if (it == in.end()) throw BadEvent(std::string("missing field ") + field.name);
            value = read<T>(*it);
          }
        };
        (one(f), ...);
      },
      S::fields());
}

template <typename T>
nlohmann::json write(const T& v) {
  if constexpr (Described<T>) {
    nlohmann::json out = nlohmann::json::object();
    write_fields(v, Part::kData, out);
    return out;
  } else if constexpr (IsVector<T>::value) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& x : v) out.push_back(write(x));
    return out;
  } else if constexpr (IsMap<T>::value) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [k, x] : v) out[k] = write(x);
    return out;
  } else {
    return nlohmann::json(v);
  }
}

template <typename T>
T read(const nlohmann::json& j) {
  if constexpr (Described<T>) {
    if (!j.is_object()) throw BadEvent("expected an object");
    T v{};
    read_fields(v, Part::kData, j);
    return v;
  } else if constexpr (IsVector<T>::value) {
    if (!j.is_array()) throw BadEvent("expected an array");
    T v;
    for (const auto& x : j) v.push_back(read<typename T::value_type>(x));
    return v;
  } else if constexpr (IsMap<T>::value) {
    if (!j.is_object()) throw BadEvent("expected an object");
    T v;
    for (const auto& [k, x] : j.items()) v.emplace(k, read<typename T::mapped_type>(x));
    return v;
  } else if constexpr (std::is_same_v<T, nlohmann::json>) {
    return j;
  } else {
    if constexpr (std::is_same_v<T, bool>) {
      if (!j.is_boolean()) throw BadEvent("expected true or false");
    } else if constexpr (std::is_integral_v<T>) {
      if (!j.is_number_integer()) throw BadEvent("expected an integer");
    } else if constexpr (std::is_same_v<T, std::string>) {
      if (!j.is_string()) throw BadEvent("expected a string");
    }
    return j.get<T>();
  }
}

// Canonical JSON written straight from the struct, byte for byte what jcs::canonical gives for
// the document `write` builds: members in JCS order (field names are ASCII, so sorting them
// by bytes is sorting them by UTF-16 code units), absent optionals left out.

// The fields' indexes in the order of their names.
template <typename S>
constexpr auto field_order() {
  constexpr auto fields = S::fields();
  constexpr size_t n = std::tuple_size_v<decltype(fields)>;
  std::array<std::string_view, n> names{};
  [&]<size_t... I>(std::index_sequence<I...>) { ((names[I] = std::get<I>(fields).name), ...); }
  (std::make_index_sequence<n>{});
  std::array<size_t, n> order{};
  for (size_t i = 0; i < n; ++i) order[i] = i;
  for (size_t i = 1; i < n; ++i)  // insertion sort: constexpr, and n is small
    for (size_t k = i; k > 0 && names[order[k]] < names[order[k - 1]]; --k)
      std::swap(order[k], order[k - 1]);
  return order;
}

template <typename T>
void write_canonical(const T& v, bool data, std::string& out);

// Writes the members of `part` into an object already opened; `first` says whether none
// has been written yet.
template <typename S>
void write_canonical_fields(const S& v, Part part, std::string& out, bool& first) {
  static constexpr auto fields = S::fields();
  static constexpr auto order = field_order<S>();
  [&]<size_t... K>(std::index_sequence<K...>) {
    auto one = [&](const auto& field) {
      if (field.part != part) return;
      const auto& value = v.*(field.member);
      if constexpr (IsOptional<std::decay_t<decltype(value)>>::value) {
        if (!value) return;
      }
      out += first ? "\"" : ",\"";
      first = false;
      out += field.name;
      out += "\":";
      if constexpr (IsOptional<std::decay_t<decltype(value)>>::value) {
        write_canonical(*value, part == Part::kData, out);
      } else {
        write_canonical(value, part == Part::kData, out);
      }
    };
    (one(std::get<order[K]>(fields)), ...);
  }
  (std::make_index_sequence<order.size()>{});
}

template <typename T>
void write_canonical(const T& v, bool data, std::string& out) {
  if constexpr (Described<T>) {
    out.push_back('{');
    bool first = true;
    write_canonical_fields(v, Part::kData, out, first);
    out.push_back('}');
  } else if constexpr (IsVector<T>::value) {
    out.push_back('[');
    for (size_t i = 0; i < v.size(); ++i) {
      if (i) out.push_back(',');
      write_canonical(v[i], data, out);
    }
    out.push_back(']');
  } else if constexpr (IsMap<T>::value) {
    // std::map keeps its keys in byte order, which is JCS order unless a key holds a
    // character from U+E000 up; such a map is written through a document, as before.
    for (const auto& [k, x] : v)
      for (unsigned char c : k)
        if (c >= 0xEE) {
          jcs::append_canonical(write(v), out);
          return;
        }
    out.push_back('{');
    bool first = true;
    for (const auto& [k, x] : v) {
      if (!first) out.push_back(',');
      first = false;
      jcs::append_string(k, out);
      out.push_back(':');
      write_canonical(x, data, out);
    }
    out.push_back('}');
  } else if constexpr (IsOptional<T>::value) {
    if (v) {
      write_canonical(*v, data, out);
    } else {
      out += "null";
    }
  } else if constexpr (std::is_same_v<T, std::string>) {
    jcs::append_string(v, out);
  } else if constexpr (std::is_same_v<T, nlohmann::json>) {
    // Leaves hold integers, never floating-point numbers: a float's canonical text may parse
    // back as an integer, and then the event applied live would differ from the one replayed.
    if (data && holds_float(v))
      throw std::domain_error("the event's data holds a floating-point number; use integers");
    jcs::append_canonical(v, out);
  } else if constexpr (std::is_same_v<T, bool>) {
    out += v ? "true" : "false";
  } else {
    jcs::append_canonical(nlohmann::json(v), out);  // integers: JCS's range check
  }
}

template <typename E>
constexpr bool has_personal() {
  bool any = false;
  std::apply([&](const auto&... f) { ((any = any || f.part == Part::kPersonal), ...); },
             E::fields());
  return any;
}

}  // namespace event_internal

// The event a decision appends: its public data and, if any personal field is set, its
// personal payload, both in canonical JSON, and the struct itself for its applier.
template <typename E>
Event to_event(E e, std::string type = E::kType) {
  Event out;
  out.type = std::move(type);
  out.data.clear();
  out.data.push_back('{');
  bool first = true;
  try {
    event_internal::write_canonical_fields(e, Part::kData, out.data, first);
  } catch (const std::domain_error& x) {
    throw std::domain_error("event " + out.type + ": " + x.what());
  }
  out.data.push_back('}');
  if constexpr (event_internal::has_personal<E>()) {
    std::string p = "{";
    first = true;
    event_internal::write_canonical_fields(e, Part::kPersonal, p, first);
    if (!first) out.personal = p + "}";
  }
  out.typed = std::make_shared<const E>(std::move(e));
  out.typed_as = &typeid(E);
  return out;
}

// The public data as a document (for an answer that echoes the event).
template <typename E>
nlohmann::json data_of(const E& e) {
  nlohmann::json out = nlohmann::json::object();
  event_internal::write_fields(e, Part::kData, out);
  return out;
}

// The event read back from its leaf and (unless erased) its payload. Throws BadEvent naming
// the type and the field when the leaf does not have the type's shape.
template <typename E>
E from_leaf(const nlohmann::json& data, const nlohmann::json* personal,
            const std::string& type = E::kType) {
  E e{};
  try {
    event_internal::read_fields(e, Part::kData, data);
    if (personal) event_internal::read_fields(e, Part::kPersonal, *personal);
  } catch (const std::exception& x) {
    throw BadEvent("event " + type + ": " + x.what());
  }
  return e;
}

template <typename E>
EventDoc describe(std::string type = E::kType, std::string summary = E::kDoc) {
  EventDoc doc{std::move(type), std::move(summary), {}, {}};
  std::apply(
      [&](const auto&... f) {
        auto one = [&](const auto& field) {
          using T = std::decay_t<decltype(std::declval<E>().*(field.member))>;
          EventDoc::FieldDoc d{field.name, field.doc, event_internal::IsOptional<T>::value};
          (field.part == Part::kData ? doc.data : doc.personal).push_back(std::move(d));
        };
        (one(f), ...);
      },
      E::fields());
  return doc;
}

// Registers the handler of event type E: `apply(tx, event, applied)` receives the event parsed
// into its type. `type` and `summary` default to E's; a struct shared by several types (the
// catalogue's kinds) names each.
template <typename E, typename F>
void on(Registry& registry, F apply, std::string type = E::kType, std::string summary = E::kDoc) {
  EventHandler h;
  h.doc = describe<E>(type, std::move(summary));
  h.apply = [apply, type](store::Connection& tx, const Applied& a) {
    apply(tx, from_leaf<E>(a.leaf.data, a.personal, type), a);
  };
  h.typed_as = &typeid(E);
  h.apply_typed = [apply = std::move(apply)](store::Connection& tx, const void* e,
                                             const Applied& a) {
    apply(tx, *static_cast<const E*>(e), a);
  };
  h.reserialise = [type](const LeafRecord& leaf, const nlohmann::json* personal) {
    return to_event(from_leaf<E>(leaf.data, personal, type), type);
  };
  registry.on(std::move(h));
}

}  // namespace sunlight::ledger
